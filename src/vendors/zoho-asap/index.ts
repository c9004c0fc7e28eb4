import type { Vendor } from '../types';
import { zohoAsapPlan } from './plan';
import { ZOHO_ASAP_README } from './readme';
import { zohoAsap as contract } from './contract';
import { zohoAsapFactory } from './factory';
import { zohoAsapFixtureCases } from './fixtures';
import { ZOHO_ASAP_OPTIONS } from './options';
import { ZOHO_ASAP_ENTRIES, zohoAsapRoutes } from './routes';

/** Zoho Desk ASAP: no browser URL; the stand-in for its SDK exchange, `POST /asap/jwt`, then `GET /asap/me`. */
export const zohoAsap = {
  id: 'zoho-asap',
  contract,
  readme: ZOHO_ASAP_README,
  options: ZOHO_ASAP_OPTIONS,
  routes: zohoAsapRoutes,
  entries: ZOHO_ASAP_ENTRIES,
  factory: zohoAsapFactory,
  plan: zohoAsapPlan,
  fixtureCases: zohoAsapFixtureCases,
} satisfies Vendor;
