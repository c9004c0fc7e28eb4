import type Router from '@koa/router';
import type { AppDeps } from './state';
import { addDeskproRoutes } from './vendors/deskpro';
import { addZendeskRoutes } from './vendors/zendesk';
import { zohoAsapRoutes } from './vendors/zoho-asap';

/**
 * Routes a vendor has beyond its consume routes and the shared portal (Deskpro's login entry,
 * Zendesk's /login with its parameters, Zoho's /asap/me and CORS), by profile id. Registered before
 * the consume and portal routes, so a vendor's own `/login` wins and its middleware on a consume path
 * runs first. Each lives in http/vendors/<profile>.ts.
 */
export const VENDOR_ROUTES: Partial<Record<string, (router: Router, deps: AppDeps) => void>> = {
  deskpro: addDeskproRoutes,
  zendesk: addZendeskRoutes,
  'zoho-asap': zohoAsapRoutes,
};
