import type { Vendor } from '../types';
import { MOJO_README } from './readme';
import { mojo as contract } from './contract';
import { mojoFactory } from './factory';

/** Mojo Helpdesk: `GET /jwt/consume?token=`. */
export const mojo = { id: 'mojo', contract, readme: MOJO_README, factory: mojoFactory } satisfies Vendor;
