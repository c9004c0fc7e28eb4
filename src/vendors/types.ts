import type { VendorOptionTable } from '../config/setting';
import type { PlanHooks } from '../conform/types';
import type { ErrorCodeTable } from '../errors';
import type { AppDeps, ReceiverRouter } from '../http/vendor-kit';
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
  /**
   * Error codes only this vendor answers, with their status and meaning. A plug-in's are added by
   * registerVendor; a built-in vendor's are also listed in src/vendors/error-codes.ts, so that the
   * ErrorCode type knows them.
   */
  errorCodes?: ErrorCodeTable;
  /** Whether a tenant may turn on the domain whitelist (`tenants[].whitelist`). */
  whitelist?: boolean;
  /** Routes beyond the consume routes and the portal, registered before them (so a vendor's `/login` wins). */
  routes?(router: ReceiverRouter, deps: AppDeps): void;
  /** The routes of `routes` a developer points a client at, for the banner. */
  entries?: readonly EntryRoute[];
  /** How an IdP makes a token this vendor accepts (mint, --break, fixtures, bench, tests). */
  factory: TokenFactory;
  /** The README's prose below the vendor's generated tables (Markdown): the readings taken where the vendor is silent. */
  readme?: string;
  /**
   * What the vendor's admin page refuses in a tenant's settings (Kayako: a secret under 32
   * characters), as config problems: the path under the tenant (`['secrets', i]` for the i-th
   * secret, shown as `secret` when the tenant gives one) and the words. Generated secrets are not
   * judged (the receiver makes them long enough).
   */
  checkTenant?(tenant: { secrets: readonly string[]; options: Readonly<Record<string, unknown>> }): Array<{ path: Array<string | number>; message: string }>;
  /** What the vendor's conformance plan needs beyond its contract (src/vendors/<id>/plan.ts): its login entry, required method, secret rule. */
  plan?: PlanHooks;
  /** Golden cases only this vendor's contract has (fixtures/tokens/<id>/), beside the ones the engine derives. */
  fixtureCases?(atMs: number): FixtureCase[];
}
