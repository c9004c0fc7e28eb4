import type { Vendor } from '../types';
import { freshworksPlan } from './plan';
import { freshworks as contract } from './contract';
import { freshworksFactory } from './factory';
import { FRESHWORKS_OPTIONS } from './options';
import { FRESHWORKS_README } from './readme';
import { addFreshworksRoutes } from './routes';

/** Freshworks custom JWT: /login sends state and nonce to the IdP; it returns an RS256 id_token to /sp/OIDC/<id>/implicit. */
export const freshworks = {
  id: 'freshworks',
  contract,
  readme: FRESHWORKS_README,
  options: FRESHWORKS_OPTIONS,
  routes: addFreshworksRoutes,
  factory: freshworksFactory,
  plan: freshworksPlan,
} satisfies Vendor;
