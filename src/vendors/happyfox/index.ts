import type { Vendor } from '../types';
import { happyfoxPlan } from './plan';
import { HAPPYFOX_README } from './readme';
import { happyfox as contract } from './contract';
import { happyfoxFactory } from './factory';

/** HappyFox: `GET /jwt/?token=`, the only vendor with a domain whitelist. */
export const happyfox = { id: 'happyfox', contract, readme: HAPPYFOX_README, whitelist: true, factory: happyfoxFactory, plan: happyfoxPlan } satisfies Vendor;
