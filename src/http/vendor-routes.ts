import type Router from '@koa/router';
import type { AppDeps } from './state';
import { addDeskproRoutes } from './vendors/deskpro';
import { addZendeskRoutes } from './vendors/zendesk';
import { zohoAsapRoutes } from './vendors/zoho-asap';

/**
 * Routes a vendor has beyond its consume routes and the shared portal (Deskpro's login entry,
 * Zendesk's /login with its parameters, Zoho's /asap/me), by profile id. Registered before the
 * portal routes, so a vendor's own `/login` wins. Each lives in http/vendors/<profile>.ts.
 */
export const VENDOR_ROUTES: Partial<Record<string, (router: Router, deps: AppDeps) => void>> = {
  deskpro: addDeskproRoutes,
  zendesk: addZendeskRoutes,
  'zoho-asap': zohoAsapRoutes,
};
