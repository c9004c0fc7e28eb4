import type { TenantOptions } from '../../config/schema';
import { optionValue } from '../../config/setting';
import { ZENDESK_OPTIONS } from './options';
import type { ClaimValue } from '../../verify/claim-rules';
import { checkRegisteredTimes, registeredTimesText } from '../../verify/time-window';
import { fail, pass, warn, type Check } from '../../verify/verdict';
import {
  externalIdThenEmailIdentity,
  type ClaimRule,
  type HttpMethod,
  type Identity,
  type Profile,
  type TimeRuleInput,
  type TimeRuleResult,
} from '../../verify/contract';

/** Zendesk's words when `iat` is off by more than the skew, too old or too far ahead (commit 6468961). */
export const IAT_MESSAGE = 'Invalid iat parameter. The supplied iat value is more than 3 minutes off, check your server clock.';
/** Zendesk's words for a bad signature, and for a header without `alg` (support comment). */
export const SIGNATURE_MESSAGE = 'JWT signature invalid. The signature cannot be verified, check that your tokens match.';
/** The 401 body Zendesk answers a refused login with when there is no remote logout URL. */
export const FALLBACK_MESSAGE = "Couldn't authenticate you";

export const ROLES = ['user', 'agent', 'admin'] as const;

const skewOf = (options: TenantOptions): number => optionValue(options, ZENDESK_OPTIONS, 'iatSkewSeconds');
const allowsGet = (options: TenantOptions): boolean => optionValue(options, ZENDESK_OPTIONS, 'allowGet');

/** The attribute table of "Enabling JWT single sign-on" (vendors.md §5), in its order. */
const CLAIMS: readonly ClaimRule[] = [
  {
    name: 'iat',
    kind: 'numeric_date',
    presence: 'required',
    doc: 'Issued at, integer seconds since the epoch; |now - iat| at most `iatSkewSeconds` (milliseconds are refused with a hint; a fraction or numeric string is read as whole seconds with a warning, refused under `strict`).',
    lenient: "Zendesk reads iat as whole seconds: its own Node sample sent Date.getTime() / 1000 from 2013 to 2023, as auth0's Zendesk rule does",
  },
  {
    name: 'jti',
    kind: 'jti',
    presence: 'required',
    doc: '"used by Zendesk to prevent token replay attacks": each value once per tenant (a fractional number, as in Zendesk\'s own example, with a warning; refused under `strict`).',
    lenient: 'Zendesk\'s "Anatomy of a JWT request" example sends jti 8883362531196.326',
  },
  { name: 'email', kind: 'email', presence: 'required', doc: "The user's address; identifies the user unless `external_id` is given." },
  { name: 'name', kind: 'string', presence: 'required', doc: "The user's full name." },
  { name: 'external_id', kind: 'string', presence: 'optional', doc: 'A string; when given, the user is known by it rather than by email.' },
  { name: 'locale', kind: 'integer', presence: 'optional', doc: "End users' locale, a number (Zendesk locale id)." },
  { name: 'locale_id', kind: 'integer', presence: 'optional', doc: "Agents' locale, a number." },
  { name: 'organization', kind: 'string', presence: 'optional', doc: 'Organization name; ignored when `organization_id` is given.' },
  { name: 'organization_id', kind: 'integer', presence: 'optional', doc: 'Organization id, a number; takes precedence over `organization`.' },
  { name: 'phone', kind: 'string', presence: 'optional', doc: 'A string.' },
  {
    name: 'tags',
    kind: 'string_array',
    presence: 'optional',
    doc: 'A JSON array of strings that replaces the user\'s tags; a comma string works with a warning; a string holding JSON (`"[\\"a\\"]"`) fails, as reported at Zendesk.',
  },
  { name: 'remote_photo_url', kind: 'string', presence: 'optional', doc: "A string (the photo's URL)." },
  { name: 'role', kind: 'string', presence: 'optional', oneOf: ROLES, doc: "`user`, `agent` or `admin` (Zendesk's default: `user`)." },
  { name: 'custom_role_id', kind: 'integer', presence: 'optional', doc: "An agent's custom role, a number." },
  {
    name: 'user_fields',
    kind: 'object',
    presence: 'optional',
    doc: 'A JSON object of custom user fields (null clears one); sent as a string, the whole JWT fails, as reported at Zendesk.',
  },
];

/** The optional claims the user row keeps as attributes, as they passed their rules. */
const ATTRIBUTES = [
  'locale',
  'locale_id',
  'organization',
  'organization_id',
  'phone',
  'tags',
  'remote_photo_url',
  'role',
  'custom_role_id',
  'user_fields',
] as const;

/**
 * Zendesk's window: |now - iat| at most `iatSkewSeconds` on either side (default 180, what its error
 * text says; the docs say "up to two minutes"), with the same vendor message for both; `exp` and
 * `nbf` when present, as a JWT library would.
 */
export function checkZendeskTimes({ claims, values, nowMs, options }: TimeRuleInput): TimeRuleResult {
  const nowSeconds = Math.floor(nowMs / 1000);
  const skew = skewOf(options);
  const checks: Check[] = [];
  const iat = values.get('iat');
  if (typeof iat === 'number') checks.push(checkIatSkew(iat, nowSeconds, skew));
  checks.push(...checkRegisteredTimes(claims, nowSeconds, options.futureIatToleranceSeconds));
  return { checks, acceptableUntilMs: typeof iat === 'number' ? (iat + skew) * 1000 : null };
}

function checkIatSkew(iat: number, nowSeconds: number, skew: number): Check {
  const off = nowSeconds - iat;
  const limit = `Zendesk accepts |now - iat| up to ${skew} s (iatSkewSeconds)`;
  const old = { claim: 'iat', reason: 'too_old', actual: off, limit: skew, unit: 's' } as const;
  const ahead = { claim: 'iat', reason: 'in_future', actual: -off, limit: skew, unit: 's' } as const;
  if (off > skew) {
    return fail(
      'iat_window',
      'token_expired',
      `iat is ${off} s old; ${limit}, ${off - skew} s too late: mint the token just before the redirect, and check the IdP's clock`,
      old,
    );
  }
  if (-off > skew) {
    return fail(
      'iat_window',
      'token_not_yet_valid',
      `iat is ${-off} s in the future; ${limit}, ${-off - skew} s too far ahead: the IdP's clock is fast (run NTP)`,
      ahead,
    );
  }
  if (off < 0) return warn('iat_window', `iat is ${-off} s in the future, inside the ${skew} s Zendesk allows; the IdP's clock is ahead`, ahead);
  return pass('iat_window', `iat is ${off} s old; ${limit}`, { claim: 'iat', actual: off, limit: skew, unit: 's' });
}

/** The attributes the user row keeps: what passed its rule, `organization` dropped when `organization_id` is given. */
function attributesOf(values: ReadonlyMap<string, ClaimValue>): Record<string, unknown> | null {
  const attributes: Record<string, unknown> = {};
  for (const name of ATTRIBUTES) {
    const value = values.get(name);
    if (value === undefined) continue;
    if (name === 'organization' && values.has('organization_id')) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    // The rule's value keeps its JSON type (tags an array, a comma string already split; user_fields the object).
    attributes[name] = value;
  }
  return Object.keys(attributes).length > 0 ? attributes : null;
}

/** Matched on external_id, then email: the key is the external id when one is given. */
const identity = (claims: Record<string, unknown>, values: ReadonlyMap<string, ClaimValue>): Identity | null =>
  externalIdThenEmailIdentity(claims, values, attributesOf(values));

/**
 * Zendesk's own Java sample (nimbus) and the production clients copied from it send no `typ`, yet
 * Zendesk support names a header without `typ` as a cause of "JWT signature invalid": warned by
 * default, refused with that text under `strict`.
 */
function checkTyp(header: Record<string, unknown>, options: TenantOptions): Check[] {
  if (header.typ !== undefined) return [];
  const risk = 'Zendesk support names a header without "typ" as a cause of "JWT signature invalid"';
  return options.strict
    ? [fail('typ', 'signature_invalid', `header has no "typ"; ${risk}, and this tenant sets strict: add typ: "JWT"`)]
    : [warn('typ', `header has no "typ"; accepted as Zendesk's own Java sample (nimbus) sends none, but ${risk}: add typ: "JWT"; strict: true refuses it`)];
}

/** GET is deprecated at Zendesk; a tenant with `allowGet: false` answers it as the deprecation would. */
function refuseMethod(method: HttpMethod, options: TenantOptions): string | null {
  if (method !== 'GET' || allowsGet(options)) return null;
  return 'GET /access/jwt is deprecated at Zendesk and this tenant sets allowGet: false: submit the token from a browser form, POST /access/jwt with "jwt" in the form body';
}

/**
 * Zendesk "Enabling JWT single sign-on" and "Anatomy of a JWT request" (vendors.md §5), with the
 * recommendations of vendors.md "ambiguities" 6-8: a symmetric 180 s skew, refusals sent to the
 * remote logout URL (else 401), GET and POST both accepted unless the tenant turns GET off.
 */
export const zendesk: Profile = {
  id: 'zendesk',
  vendor: 'Zendesk',
  consume: [{ methods: ['POST', 'GET'], path: '/access/jwt', tokenParam: 'jwt', returnParam: 'return_to', returnClaim: 'return_to', refuseMethod }],
  algorithms: ['HS256'],
  claims: CLAIMS,
  checkHeader: checkTyp,
  checkTimes: checkZendeskTimes,
  window: (options) => `|now - iat| at most ${skewOf(options)} s, past or future; ${registeredTimesText(options.futureIatToleranceSeconds)}`,
  windowDoc:
    "|now - iat| at most iatSkewSeconds (180 s, from Zendesk's error text; its docs say 2 minutes), past or future (maxIatAgeSeconds and futureIatToleranceSeconds do not apply to it); exp and nbf when present",
  replayKey: 'jti',
  homePath: '/home',
  answer: 'session-redirect',
  returnHosts: (options) => optionValue(options, ZENDESK_OPTIONS, 'returnToHosts'),
  refusal: 'logout-redirect',
  messages: {
    token_expired: IAT_MESSAGE,
    token_not_yet_valid: IAT_MESSAGE,
    signature_invalid: SIGNATURE_MESSAGE,
    alg_not_allowed: SIGNATURE_MESSAGE,
  },
  fallbackMessage: FALLBACK_MESSAGE,
  // An iat that is not whole seconds ("12:00:00 AM", milliseconds, a fraction under strict) got this text at Zendesk (commit 6468961).
  message: (failed) => (failed.name === 'iat' && failed.code === 'claim_invalid' ? IAT_MESSAGE : undefined),
  identity,
  sources: [
    'Zendesk "Enabling JWT single sign-on" (4408845838874) and its comments',
    '"Anatomy of a JWT request" (4408881965722)',
    'zendesk/zendesk_jwt_sso_examples (commits 3339d07: POST form; 6468961: iat error text)',
  ],
};
