import type Router from '@koa/router';
import type { VendorOptionTable } from '../config/setting';
import type { PlanHooks } from '../conform/types';
import type { AppDeps } from '../http/vendor-kit';
import type { TokenFactory } from '../mint/factory';
import type { FixtureCase } from '../mint/fixture-case';
import type { Profile } from '../verify/contract';

/** A route a developer points a client at, beyond the consume routes and /login, /logout (for the banner). */
export interface EntryRoute {
  /** A short word for the banner's left column (at most 9 characters). */
  label: string;
  method: 'GET' | 'POST';
  /** Relative to the tenant's base path. */
  path: string;
  note: string;
}

/**
 * One vendor, everything about it: a plug-in the engine registers in a loop (src/vendors/index.ts),
 * as node-oidc-provider registers its grants. The engine never names a vendor; it asks this.
 */
export interface Vendor {
  /** What a tenant's `profile` says (`happyfox`, `zoho-asap`). */
  id: string;
  /** What the pipeline judges a token by. */
  contract: Profile;
  /** Tenant options only this vendor has; set on another vendor's tenant they are refused. */
  options?: VendorOptionTable;
  /** Whether a tenant may turn on the domain whitelist (`tenants[].whitelist`). */
  whitelist?: boolean;
  /** Routes beyond the consume routes and the portal, registered before them (so a vendor's `/login` wins). */
  routes?(router: Router, deps: AppDeps): void;
  /** The routes of `routes` a developer points a client at, for the banner. */
  entries?: readonly EntryRoute[];
  /** How an IdP makes a token this vendor accepts (mint, --break, fixtures, bench, tests). */
  factory: TokenFactory;
  /** The README's prose below the vendor's generated tables (Markdown): the readings taken where the vendor is silent. */
  readme?: string;
  /** What the vendor's conformance plan needs beyond its contract (src/vendors/<id>/plan.ts): its login entry, required method, secret rule. */
  plan?: PlanHooks;
  /** Golden cases only this vendor's contract has (fixtures/tokens/<id>/), beside the ones the engine derives. */
  fixtureCases?(atMs: number): FixtureCase[];
}
