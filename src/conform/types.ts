import type { Attempt } from '../library/records';
import type { Profile } from '../verify/contract';
import type { ClientClockOffset, ClockOffset } from './clock-offset';

/** A module's result, as the OpenID Foundation's conformance suite names them. */
export type ModuleStatus = 'PASSED' | 'FAILED' | 'WARNING' | 'SKIPPED' | 'REVIEW';

/** One observation a module made, with its numbers: what the report shows under the module. */
export interface Evidence {
  /** SUCCESS / FAILURE / WARNING / INFO, as the OpenID suite's conditions. */
  level: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO';
  message: string;
  /** The captured login it comes from (index into the run's captures), when one. */
  capture?: number;
  data?: Record<string, unknown>;
}

/** The request that reached the consume route, as the browser (or the HTTP client) sent it; every token replaced by `<token>`. */
export interface ConsumeRequest {
  method: string;
  path: string;
  /** Query and form parameters in order, decoded; token values replaced. */
  params: Array<[string, string]>;
  /** The query string as sent (token replaced). */
  rawQuery: string;
  /** The form body as sent (token replaced), for a POST. */
  rawBody: string | null;
  bodyType: string | null;
  /** Parameters that held something shaped like a JWT, by name. */
  tokenParams: string[];
  /** The full URL's length as sent, token included, in characters. */
  urlLength: number;
}

export interface Screenshot {
  label: string;
  /** The image as a data: URL (JPEG), so the HTML report needs no other file. */
  dataUrl: string;
}

/** One login driven through the IdP and what the receiver made of it. */
export interface Capture {
  /** Which module asked for it and why (`return-url: /kb/über`). */
  label: string;
  user: string;
  /** The landing page asked for at the tenant's login route, when the module asked for one. */
  requestedReturn: string | null;
  /** Where the tenant's login route sent the browser (the IdP). */
  idpUrl: string;
  consume: ConsumeRequest | null;
  /** The receiver's answer to the consume request: status and where it sent the browser. */
  status: number | null;
  landing: string | null;
  /** The pages the browser went on to after the consume route's answer (the landing page, or the vendor's error redirect). */
  afterConsume: Array<{ url: string; status: number }>;
  attempt: Attempt | null;
  /** From the IdP's first page to the consume request, in ms (what the token aged on the way). */
  flowMs: number | null;
  startedAt: number;
  /** How far the run had moved the receiver clock for this login (refusal-handling), in ms. */
  clockShiftMs: number;
  screenshots: Screenshot[];
  error: string | null;
}

/** A user the IdP knows, by slot (`default`, `special`): what a browser script fills in, or query parameters for an HTTP-only IdP. */
export interface UserSlot {
  /** Values the browser script's `{{user.<field>}}` stands for. */
  fields: Record<string, string>;
  /** Added to the IdP URL in HTTP-only mode (an IdP that logs a test user in from its query). */
  query: Record<string, string>;
  /** What the IdP should put in the token for this user, when the run is to check it. */
  email?: string;
  name?: string;
}

/** What a vendor's plan may add to what its contract already says (src/vendors/<id>/plan.ts). */
export interface PlanHooks {
  /** The tenant path that starts a login (default `/login`). */
  loginPath?: string;
  /** The parameter the login route takes for the landing page (default: the consume route's returnParam). */
  loginReturnParam?: string;
  /** Methods the vendor requires at consume, when stricter than what the receiver accepts (Zendesk: POST). */
  requiredMethods?: readonly string[];
  /** The vendor's stated rule for the shared secret, with its source; null when it states none. */
  secretRule?: { test(secret: string): string | null; rule: string; source: string };
  /** Why the vendor has no browser login to drive (an SDK exchange): every login module is SKIPPED with it. */
  noBrowserLogin?: string;
  /**
   * How long the vendor's own samples make a token live (Help Scout Docs: exp now + 60 s), where the
   * vendor enforces no bound itself: an exp far past it FAILS iat-freshness.
   */
  tokenLifetime?: { seconds: number; rule: string; source: string };
  /**
   * A parameter of the login request the receiver starts that the IdP must verify before it answers
   * (DiscourseConnect's `sig`, Freshworks' `redirect_uri`): forged-request alters it with `forge`.
   */
  forgedRequest?: { param: string; forge(value: string): string; rule: string; source: string };
  /** Parameters the vendor adds to its redirect to the remote logout URL. */
  logoutParams?: readonly string[];
}

/** Everything a module needs: the contract, the plan hooks, and how to log in. */
export interface RunContext {
  vendorId: string;
  contract: Profile;
  hooks: PlanHooks;
  tenant: string;
  /** The tenant's base URL on the receiver (no trailing slash). */
  tenantUrl: string;
  secrets: readonly string[];
  logoutUrl: string | null;
  users: Record<string, UserSlot>;
  driverKind: 'http' | 'browser' | 'interactive';
  /** Drives one login: the tenant's login route, the IdP, the consume route. */
  login(options: LoginOptions): Promise<Capture>;
  /** Signs out at the tenant (`POST /logout`) and follows its redirects; the IdP's cookies before and after. */
  logout(): Promise<LogoutTrace>;
  /** Moves the receiver clock by `ms` for the duration of `fn` (a refusal the IdP must survive). */
  withClockAhead<T>(ms: number, fn: () => Promise<T>): Promise<T>;
  /** Every capture of the run so far. */
  captures: Capture[];
}

export interface LoginOptions {
  label: string;
  user?: string;
  requestedReturn?: string;
  /** Keep the IdP session (cookies) of the previous login; default false: a fresh browser. */
  keepSession?: boolean;
  /** Alters the IdP URL the login route gave before the browser goes there (forged-request). */
  forge?(idpUrl: URL): void;
}

export interface LogoutTrace {
  hops: Array<{ url: string; status: number }>;
  /** The IdP's cookies before and after (name=digest), to see whether it ended its session. */
  idpCookiesBefore: string[];
  idpCookiesAfter: string[];
  error: string | null;
}

export interface ModuleOutcome {
  status: ModuleStatus;
  summary: string;
  evidence: Evidence[];
}

/** One module of a plan: what it checks, by which vendor rule, and how. */
export interface PlanModule {
  id: string;
  title: string;
  /** The vendor rule it checks, in words with the numbers. */
  rule: string;
  /** Where the rule comes from (the vendor's documentation or the receiver's reading). */
  source: string;
  run(ctx: RunContext): Promise<ModuleOutcome>;
}

export interface ModuleResult {
  id: string;
  title: string;
  rule: string;
  source: string;
  status: ModuleStatus;
  /** Listed in --expected-failures: a FAILED or WARNING that does not fail the run. */
  expected: boolean;
  summary: string;
  evidence: Evidence[];
  durationMs: number;
}

/** What a captured login shows in a report: the token's header and claims, never its signature. */
export interface CaptureView extends Omit<Capture, 'attempt'> {
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  accepted: boolean | null;
  code: string | null;
  checks: Array<{ name: string; status: string; message: string }>;
}

/** The IdP clock against the receiver's over the run (median, spread, samples), and per client address. */
export interface ClockEstimate extends ClockOffset {
  byClient: ClientClockOffset[];
}

export interface ConformResult {
  vendor: string;
  vendorName: string;
  tenant: string;
  receiverUrl: string;
  driver: RunContext['driverKind'];
  startedAt: string;
  durationMs: number;
  modules: ModuleResult[];
  captures: CaptureView[];
  clock: ClockEstimate | null;
  /** PASSED when every module passed or is expected to fail; FAILED otherwise. */
  outcome: 'PASSED' | 'FAILED';
  counts: Record<ModuleStatus, number>;
}

/** Makes a module from a vendor's contract and plan hooks (the rule and source it names come from them). */
export type ModuleFactory = (contract: Profile, hooks: PlanHooks) => PlanModule;
