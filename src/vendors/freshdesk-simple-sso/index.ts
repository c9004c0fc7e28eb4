import type { Vendor } from '../types';
import { freshdeskSimpleSso as contract } from './contract';
import { freshdeskSimpleSsoFactory } from './factory';
import { freshdeskSimpleSsoFixtureCases } from './fixtures';
import { FRESHDESK_SIMPLE_SSO_OPTIONS } from './options';
import { FRESHDESK_SIMPLE_SSO_README } from './readme';
import { addFreshdeskSimpleSsoRoutes } from './routes';

/** Freshdesk's legacy simple SSO (opt-in): `GET /login/sso?name=&email=&timestamp=&hash=`, not a JWT. */
export const freshdeskSimpleSso = {
  id: 'freshdesk-simple-sso',
  contract,
  readme: FRESHDESK_SIMPLE_SSO_README,
  options: FRESHDESK_SIMPLE_SSO_OPTIONS,
  routes: addFreshdeskSimpleSsoRoutes,
  factory: freshdeskSimpleSsoFactory,
  fixtureCases: freshdeskSimpleSsoFixtureCases,
} satisfies Vendor;
