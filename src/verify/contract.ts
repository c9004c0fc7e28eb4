import type { TenantOptions } from '../config/schema';
import type { ErrorCode } from '../errors';
import type { ClaimValue } from './claim-rules';
import type { OnceValues } from './once';
import type { Check } from './verdict';

/** The claim shapes a profile can require. Each kind is one rule in verify/claim-rules.ts. */
export type ClaimKind = 'numeric_date' | 'jti' | 'email' | 'string' | 'boolean' | 'integer' | 'string_array' | 'object' | 'millis' | 'id';

export interface ClaimRule {
  name: string;
  kind: ClaimKind;
  /**
   * The object claim this one is nested in (`user` for `{"user": {"email": ...}}`); the check, the
   * value and the docs then name it `<in>.<name>`. Absent: a top-level claim.
   */
  in?: string;
  /** 'required' fails when absent, 'warn' passes with a warning, 'optional' passes silently. */
  presence: 'required' | 'warn' | 'optional';
  /** For kind 'string': the only values accepted. */
  oneOf?: readonly string[];
  /** One line for the README's rule table and the verdict. */
  doc: string;
  /**
   * Why the vendor accepts what the strict reading of this rule refuses (a fractional or string
   * time, a fractional jti): its own samples or verifying library do. Accepted with a warning
   * saying so unless the tenant sets `strict` (or `strictTypes`).
   */
  lenient?: string;
}

export type HttpMethod = 'GET' | 'POST';

export interface ConsumeRoute {
  methods: readonly HttpMethod[];
  /** Relative to the tenant's base path: `/jwt/` for HappyFox. */
  path: string;
  /** The parameter carrying the token, in the query string or (POST) the form or JSON body. */
  tokenParam: string;
  /** The parameter naming the page to land on after login, when the vendor has one. */
  returnParam?: string;
  /** A claim that names the landing page when the parameter is absent (Zendesk's ASP sample). */
  returnClaim?: string;
  /** Why the tenant's options turn this method away (Zendesk `allowGet: false`), or null; refused with `method_not_allowed` before the token is read. */
  refuseMethod?(method: HttpMethod, options: TenantOptions): string | null;
  /** Where this route lands when no (acceptable) return is given; the profile's homePath otherwise (Deskpro's agent callback: `/agent`). */
  homePath?: string;
}

export interface Identity {
  /** What a user is upserted by, per tenant: the normalised email, or a vendor id (`id:42`). */
  key: string;
  /** Normalised (lower-cased, IDN domain in punycode). */
  email: string;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  /** The vendor's own user id when it has one (Deskpro `id`, Zendesk `external_id`). */
  externalId: string | null;
  /** Further profile attributes the vendor keeps (Zendesk role, tags, ...). */
  attributes: Record<string, unknown> | null;
}

export interface TimeRuleInput {
  vendor: string;
  claims: Record<string, unknown>;
  /** Claims that passed their rules, in usable form (numeric dates as numbers). */
  values: ReadonlyMap<string, ClaimValue>;
  nowMs: number;
  options: TenantOptions;
}

export interface TimeRuleResult {
  checks: Check[];
  /** The last instant a token with these claims could be accepted (the ledger keeps its key until then); null: no bound. */
  acceptableUntilMs: number | null;
}

/**
 * A credential that is not a compact JWS (DiscourseConnect's `sso` + `sig`, Freshdesk's simple-SSO
 * `hash`): the vendor reads and verifies it, and hands back what the JWT stages would (format and
 * signature checks, the claims), so claim rules, the window, identity, replay, the verdict, the
 * debugger and the CLI work on it unchanged. Its text is the request parameters, form-encoded in
 * `params` order (`sso=...&sig=...`): what `check`, the dry run and `mint` print and take.
 */
export interface CredentialFormat {
  /** What the debugger and the README call it (`DiscourseConnect payload`). */
  name: string;
  /** The request parameters that make one credential, in order; each is read once, as a JWT parameter is, and left out when absent. */
  params: readonly string[];
  /** Those without which there is nothing to verify (refused with token_missing); an absent other one is for the claim rules to report. */
  required: readonly string[];
  /** Reads `credential` and verifies it against the tenant's secrets (the first that verifies wins). */
  verify(credential: URLSearchParams, secrets: readonly string[], options: TenantOptions): CredentialResult;
}

export interface CredentialResult {
  /** `format`, then `signature` when it could be read: the same names as the JWT stages. */
  checks: Check[];
  /** What the debugger shows where a JWT has its header: the scheme and MAC, never the secret. */
  header: Record<string, unknown> | null;
  /** The fields the claim rules judge; null when the credential could not be read or did not verify. */
  claims: Record<string, unknown> | null;
  /** The signed text, for a replay key on content; null when unverified. */
  signedContent: string | null;
  secretIndex: number | null;
}

/** How the receiver answers an accepted token and a refused one, beyond the common pipeline. */
export type AnswerStyle = 'session-redirect' | 'access-token';
/**
 * `flash-redirect`: to the tenant's `refusalPath` with the vendor's words in a one-time flash cookie
 * (a Rails app's `flash[:notice]`). `opaque`: a bare 401 `{ "error": <fallbackMessage> }` and
 * nothing else, as a vendor that gives no reason answers; the verdict is in the attempt's headers.
 */
export type RefusalStyle = 'page' | 'logout-redirect' | 'json' | 'flash-redirect' | 'opaque';

/** One vendor's contract: data plus small functions. It never touches Koa or SQLite. */
export interface Profile {
  id: string;
  vendor: string;
  /** The consume routes; the first is the one the banner and README show. */
  consume: readonly [ConsumeRoute, ...ConsumeRoute[]];
  /** The algorithms the vendor verifies with by default; `algorithmChoices` when the tenant may pick one. */
  algorithms: readonly string[];
  algorithmChoices?: readonly string[];
  claims: readonly ClaimRule[];
  /**
   * The vendor picks the verification key by a header parameter (`kid`): `ids` names the tenant's
   * secrets in order, by the tenant's options. A token whose parameter names none of them is
   * refused before any signature is tried; without it, every secret is tried (rotation).
   */
  keySelector?: { header: string; ids(options: TenantOptions): readonly string[] };
  /** Set when the vendor's credential is not a JWT: it replaces the format, header and signature stages. */
  credential?: CredentialFormat;
  /** Header rules of the vendor's own beyond the common ones (Zendesk: a missing `typ`). */
  checkHeader?(header: Record<string, unknown>, options: TenantOptions): Check[];
  /** Rules across several claims that one ClaimRule cannot state (Deskpro: `name` or `first_name` + `last_name`). */
  checkClaims?(input: TimeRuleInput): Check[];
  /** The vendor's time window, applied to the claims that passed their rules. */
  checkTimes(input: TimeRuleInput): TimeRuleResult;
  /** One line describing the window in the abstract (option names, not values), for the README. */
  windowDoc: string;
  /** The window as a tenant with these options applies it, in numbers (`iat at most 120 s old, at most 5 s in the future`), for the banner. */
  window(options: TenantOptions): string;
  /**
   * How a second use is recognised: by `jti`, by the signed content (vendors without jti), by the
   * single-use values the receiver issued (`once`), or not at all.
   */
  replayKey: 'jti' | 'content' | 'once' | 'none';
  /** Single-use values the receiver issued when it started the login (its own /login), redeemed at consume. */
  once?: OnceValues;
  /** Where a login lands when no (acceptable) return parameter is given, relative to the tenant. */
  homePath: string;
  answer: AnswerStyle;
  refusal: RefusalStyle;
  /** With refusal `flash-redirect`: the page on the tenant a refusal redirects to (Freshdesk: `/login/normal`). */
  refusalPath?: string;
  /** The vendor's own HTTP status for a refusal code, where it differs from the code's (DiscourseConnect: 419 for a bad nonce); for `page` refusals. */
  statuses?: Partial<Record<ErrorCode, number>>;
  /** The vendor's own words for a refusal, where documented; `fallbackMessage` elsewhere. */
  messages: Partial<Record<ErrorCode, string>>;
  fallbackMessage: string;
  /** The vendor's words when they depend on the tenant or on which check failed (Deskpro names its selected algorithm); undefined: `messages`. */
  message?(failed: Check, tenant: { algorithms: readonly string[]; options: TenantOptions }): string | undefined;
  /** Hosts besides the tenant's own that a return URL may lead to (Zendesk's brand sites), by the tenant's options. */
  returnHosts?(options: TenantOptions): readonly string[];
  /** How long what a login creates lives, when not the tenant's `sessionTtlSeconds` (Zoho: its access token). */
  sessionTtlSeconds?(options: TenantOptions): number;
  /** What a tenant's options change in the contract (Deskpro `strictDocs`: more claims, replay refused). */
  variant?(options: TenantOptions): Partial<Pick<Profile, 'claims' | 'replayKey'>>;
  /** The user a valid token logs in, or null when the claims do not name one. */
  identity(claims: Record<string, unknown>, values: ReadonlyMap<string, ClaimValue>): Identity | null;
  /** Sources for the rules, for the README and the verdict. */
  sources: readonly string[];
}

/** A rule's claim as the verdict, the docs and `values` name it: `email`, or `user.email` for a nested one. */
export function claimPath(rule: Pick<ClaimRule, 'name' | 'in'>): string {
  return rule.in ? `${rule.in}.${rule.name}` : rule.name;
}

/** The claims a rule is read from, keyed by its path: the payload itself, or `{ "user.email": payload.user.email }`. */
export function claimSource(rule: Pick<ClaimRule, 'name' | 'in'>, payload: Record<string, unknown>): Record<string, unknown> {
  if (!rule.in) return payload;
  const parent = payload[rule.in];
  const nested = typeof parent === 'object' && parent !== null && !Array.isArray(parent) ? (parent as Record<string, unknown>)[rule.name] : undefined;
  return { [claimPath(rule)]: nested };
}

/** A string claim, or null when absent, empty or not a string (the claim rules have reported that). */
export function stringClaim(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.trim().length > 0 ? value : null;
}

/** The identity of vendors that know a user by email alone. */
export function emailIdentity(
  values: ReadonlyMap<string, ClaimValue>,
  names: { name: string | null; firstName: string | null; lastName: string | null },
): Identity | null {
  const email = values.get('email');
  if (typeof email !== 'string') return null;
  return { key: email, email, ...names, externalId: null, attributes: null };
}

/**
 * The identity of vendors that match a user on `external_id`, then on the email (Zendesk, Kayako):
 * the key is the external id when the token gives one; `attributes` are what the vendor keeps beside.
 */
export function externalIdThenEmailIdentity(
  claims: Record<string, unknown>,
  values: ReadonlyMap<string, ClaimValue>,
  attributes: Record<string, unknown> | null,
): Identity | null {
  const email = values.get('email');
  if (typeof email !== 'string') return null;
  const externalId = typeof values.get('external_id') === 'string' ? stringClaim(claims, 'external_id') : null;
  return {
    key: externalId !== null ? `external_id:${externalId}` : email,
    email,
    name: stringClaim(claims, 'name'),
    firstName: null,
    lastName: null,
    externalId,
    attributes,
  };
}

/** A consume path with its route parameters filled in (Deskpro's usersource id `:usId` -> `1`), as the banner and `mint --url` show it. */
export function examplePath(route: ConsumeRoute): string {
  return route.path.replace(/:[A-Za-z]+/g, '1');
}

/** What the consume route's query carries, for the banner and the pages: `token=<jwt>`, or a credential's parameters (`sso=<...>&sig=<...>`). */
export function consumeQuery(profile: Pick<Profile, 'credential'>, route: ConsumeRoute, jwt = '<jwt>'): string {
  return profile.credential ? profile.credential.params.map((p) => `${p}=<${p}>`).join('&') : `${route.tokenParam}=${jwt}`;
}
