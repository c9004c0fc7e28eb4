import type { Vendor } from '../types';
import { CANNY_README } from './readme';
import { canny as contract } from './contract';
import { cannyFactory } from './factory';
import { addCannyRoutes } from './routes';

/** Canny: the SSO redirect flow, back to `/api/redirects/sso?ssoToken=`. */
export const canny = { id: 'canny', contract, readme: CANNY_README, routes: addCannyRoutes, factory: cannyFactory } satisfies Vendor;
