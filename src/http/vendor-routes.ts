import type Router from '@koa/router';
import type { HttpMethod } from '../verify/contract';
import type { AppDeps } from './state';
import { addDeskproRoutes, DESKPRO_ENTRIES } from '../vendors/deskpro/routes';
import { addZendeskRoutes } from '../vendors/zendesk/routes';
import { ZOHO_ASAP_ENTRIES, zohoAsapRoutes } from '../vendors/zoho-asap/routes';

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

/** A vendor route a developer points a client at, beyond the consume routes and /login, /logout (for the banner). */
export interface EntryRoute {
  /** A short word for the banner's left column (at most 9 characters). */
  label: string;
  method: HttpMethod;
  /** Relative to the tenant's base path. */
  path: string;
  note: string;
}

/** The entry routes each vendor adds, by profile id; each list lives beside its routes in http/vendors/<profile>.ts. */
export const VENDOR_ENTRIES: Partial<Record<string, readonly EntryRoute[]>> = {
  deskpro: DESKPRO_ENTRIES,
  'zoho-asap': ZOHO_ASAP_ENTRIES,
};
