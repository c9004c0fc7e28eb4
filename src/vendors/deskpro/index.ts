import type { Vendor } from '../types';
import { deskproPlan } from './plan';
import { DESKPRO_README } from './readme';
import { deskpro as contract } from './contract';
import { deskproFactory } from './factory';
import { deskproFixtureCases } from './fixtures';
import { DESKPRO_OPTIONS } from './options';
import { addDeskproRoutes, DESKPRO_ENTRIES } from './routes';

/** Deskpro: its SSO entry sends the browser to the IdP, which comes back to the callback with `jwt`. */
export const deskpro = {
  id: 'deskpro',
  contract,
  readme: DESKPRO_README,
  options: DESKPRO_OPTIONS,
  routes: addDeskproRoutes,
  entries: DESKPRO_ENTRIES,
  factory: deskproFactory,
  plan: deskproPlan,
  fixtureCases: deskproFixtureCases,
} satisfies Vendor;
