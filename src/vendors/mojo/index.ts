import type { Vendor } from '../types';
import { mojo as contract } from './contract';
import { mojoFactory } from './factory';

/** Mojo Helpdesk: `GET /jwt/consume?token=`. */
export const mojo = { id: 'mojo', contract, factory: mojoFactory } satisfies Vendor;
