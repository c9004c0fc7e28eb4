import { optionValue } from '../../config/setting';
import type { TenantOptions } from '../../config/schema';
import { isoSeconds } from '../../verify/claim-times';
import { fail, pass, warn, type Check } from '../../verify/verdict';
import { ZOHO_ASAP_OPTIONS } from './options';
import { emailIdentity, stringClaim, type ClaimRule, type Profile, type TimeRuleInput, type TimeRuleResult } from '../../verify/contract';

/** "the time difference between the not_before & not_after parameters does not exceed 600000 milliseconds". */
export const MAX_SPAN_MS = 600_000;

/** Past this a millisecond time is surely microseconds: 1e14 ms is the year 5138. */
const MICROSECONDS_THRESHOLD = 1e14;

const CLAIMS: readonly ClaimRule[] = [
  { name: 'email', kind: 'email', presence: 'required', doc: "The user's address; identifies the user." },
  {
    name: 'email_verified',
    kind: 'boolean',
    presence: 'required',
    doc: 'A JSON boolean (not the string "true"); `false` is refused with `email_not_verified`.',
  },
  {
    name: 'not_before',
    kind: 'millis',
    presence: 'required',
    doc: 'Start of the validity, UTC **milliseconds** (`System.currentTimeMillis()`); a value in seconds is refused with a hint.',
  },
  {
    name: 'not_after',
    kind: 'millis',
    presence: 'required',
    doc: 'End of the validity, UTC **milliseconds**; `0 < not_after - not_before <= 600000`. With `allowAltClaims`, `nbf` or `iat` (seconds) with `exp` (milliseconds) may stand for the pair instead.',
  },
  { name: 'first_name', kind: 'string', presence: 'optional', doc: 'Optional.' },
  { name: 'last_name', kind: 'string', presence: 'optional', doc: 'Optional.' },
];

/** The debug page's alternative: with `allowAltClaims` either pair may carry the window. */
const ALT_CLAIMS: readonly ClaimRule[] = [
  ...CLAIMS.slice(0, 2),
  { name: 'not_before', kind: 'millis', presence: 'optional', doc: 'Milliseconds; with not_after, the pair the seed documents.' },
  { name: 'not_after', kind: 'millis', presence: 'optional', doc: 'Milliseconds.' },
  { name: 'nbf', kind: 'numeric_date', presence: 'optional', doc: 'Seconds (debug page); the start of the window when not_before/not_after are absent.' },
  { name: 'iat', kind: 'numeric_date', presence: 'optional', doc: 'Seconds (debug page); the start when nbf is absent too.' },
  { name: 'exp', kind: 'millis', presence: 'optional', doc: 'Milliseconds (debug page: "exp" is in ms, unlike RFC 7519); the end of the alternative window.' },
  ...CLAIMS.slice(4),
];

const ALT_NAMES = ['nbf', 'iat', 'exp'] as const;

const allowAltClaims = (options: TenantOptions): boolean => optionValue(options, ZOHO_ASAP_OPTIONS, 'allowAltClaims');

/** One end of the window, in milliseconds, with the claim it came from. */
interface Bound {
  name: string;
  ms: number;
}

const present = (claims: Record<string, unknown>, name: string): boolean => claims[name] !== undefined && claims[name] !== null;

const at = (ms: number): string => isoSeconds(Math.floor(ms / 1000));

/** A hint when a millisecond value is a thousand times too large. */
function microsecondsHint(bound: Bound): string {
  return Math.abs(bound.ms) >= MICROSECONDS_THRESHOLD ? ` (${bound.name} ${bound.ms} looks like microseconds; Zoho expects milliseconds)` : '';
}

/** The seed's pair: not_before and not_after in milliseconds. */
function standardPair({ values }: TimeRuleInput): [Bound, Bound] | null {
  const start = values.get('not_before');
  const end = values.get('not_after');
  return typeof start === 'number' && typeof end === 'number'
    ? [
        { name: 'not_before', ms: start },
        { name: 'not_after', ms: end },
      ]
    : null;
}

/**
 * With `allowAltClaims`: the pairs are never mixed. A token carrying not_before or not_after uses
 * that pair (both required); otherwise the window is [nbf, or iat when nbf is absent] in seconds
 * to exp in milliseconds.
 */
function chosenPair(input: TimeRuleInput, checks: Check[]): [Bound, Bound] | null {
  const { claims, values, vendor } = input;
  if (present(claims, 'not_before') || present(claims, 'not_after')) {
    for (const [name, other] of [
      ['not_before', 'not_after'],
      ['not_after', 'not_before'],
    ] as const) {
      if (!present(claims, name)) {
        checks.push(
          fail(
            name,
            'claim_missing',
            `${name} is missing; ${other} is present, so ${vendor} takes the pair not_before/not_after (milliseconds), and the pairs are not mixed`,
            { claim: name, reason: 'missing' },
          ),
        );
      }
    }
    return standardPair(input);
  }
  const startName = present(claims, 'nbf') ? 'nbf' : present(claims, 'iat') ? 'iat' : null;
  if (!startName)
    checks.push(
      fail(
        'nbf',
        'claim_missing',
        `the window has no start: ${vendor} needs not_before/not_after (milliseconds), or nbf (or iat) in seconds with exp in milliseconds`,
        { claim: 'nbf', reason: 'missing' },
      ),
    );
  if (!present(claims, 'exp'))
    checks.push(
      fail(
        'exp',
        'claim_missing',
        `the window has no end: ${vendor} needs not_after (milliseconds), or exp in milliseconds with ${startName ?? 'nbf or iat'}`,
        { claim: 'exp', reason: 'missing' },
      ),
    );
  const start = startName ? values.get(startName) : undefined;
  const end = values.get('exp');
  return typeof start === 'number' && typeof end === 'number'
    ? [
        { name: startName as string, ms: start * 1000 },
        { name: 'exp', ms: end },
      ]
    : null;
}

/** `0 < end - start <= 600000` ms. */
function checkSpan([start, end]: [Bound, Bound], vendor: string): Check {
  const span = end.ms - start.ms;
  const rule = `${vendor} needs 0 < ${end.name} - ${start.name} <= ${MAX_SPAN_MS} ms`;
  const fields = { claim: end.name, actual: span, limit: MAX_SPAN_MS, unit: 'ms' } as const;
  if (span <= 0) {
    return fail('validity_span', 'claim_invalid', `${end.name} ${span === 0 ? 'equals' : `is ${-span} ms before`} ${start.name}; ${rule}`, {
      ...fields,
      reason: 'span_not_positive',
      limit: 0,
    });
  }
  if (span > MAX_SPAN_MS) {
    return fail(
      'validity_span',
      'claim_invalid',
      `${end.name} - ${start.name} is ${span} ms (${(span / 60000).toFixed(1)} min); ${rule} (~10 minutes; the sample uses 300000)${microsecondsHint(end)}`,
      { ...fields, reason: 'span_too_long' },
    );
  }
  if (span < 1000) {
    return warn('validity_span', `the token is valid for only ${span} ms; if you meant ${span} seconds, that is ${span * 1000} ms`, {
      ...fields,
      reason: 'span_short',
      limit: 1000,
    });
  }
  return pass('validity_span', `valid for ${span} ms; ${vendor} allows ${MAX_SPAN_MS} ms`, fields);
}

/** now within [start, end], each end widened by the tenant's tolerance. */
function checkWindow([start, end]: [Bound, Bound], nowMs: number, toleranceMs: number): Check {
  const tolerated = `the tenant tolerates ${toleranceMs} ms`;
  const early = { claim: start.name, reason: 'in_future', actual: start.ms - nowMs, limit: toleranceMs, unit: 'ms' } as const;
  const late = { claim: end.name, reason: 'expired', actual: nowMs - end.ms, limit: toleranceMs, unit: 'ms' } as const;
  if (nowMs < start.ms - toleranceMs) {
    return fail(
      'validity_window',
      'token_not_yet_valid',
      `${start.name} is ${start.ms - nowMs} ms in the future (${at(start.ms)}); ${tolerated} (the app server's clock is fast: run NTP)${microsecondsHint(start)}`,
      early,
    );
  }
  if (nowMs > end.ms + toleranceMs) {
    return fail(
      'validity_window',
      'token_expired',
      `${end.name} passed ${nowMs - end.ms} ms ago (${at(end.ms)}); ${tolerated}: mint the JWT just before handing it to the SDK`,
      late,
    );
  }
  if (nowMs < start.ms)
    return warn(
      'validity_window',
      `${start.name} is ${start.ms - nowMs} ms in the future, inside the tolerated ${toleranceMs} ms; the app server's clock is ahead`,
      early,
    );
  if (nowMs > end.ms) return warn('validity_window', `${end.name} passed ${nowMs - end.ms} ms ago, inside the tolerated ${toleranceMs} ms`, late);
  return pass('validity_window', `now is ${nowMs - start.ms} ms after ${start.name} and ${end.ms - nowMs} ms before ${end.name}`, {
    claim: end.name,
    actual: end.ms - nowMs,
    unit: 'ms',
  });
}

/** The claim rule checks that email_verified is a boolean; Zoho also needs it to be true. */
function checkVerified({ vendor, values }: TimeRuleInput): Check[] {
  return values.get('email_verified') === false
    ? [
        fail('email_verified_true', 'email_not_verified', `email_verified is false; ${vendor} signs in only users whose address your app has verified`, {
          claim: 'email_verified',
          reason: 'not_verified',
          actual: false,
        }),
      ]
    : [];
}

/** Zoho's window: the not_before / not_after pair (or, with allowAltClaims, the debug page's). */
function zohoChecks(input: TimeRuleInput): TimeRuleResult {
  const { vendor, claims, nowMs, options } = input;
  const checks: Check[] = [];
  const alt = allowAltClaims(options);
  if (!alt) {
    const ignored = ALT_NAMES.filter((n) => present(claims, n));
    if (ignored.length > 0) {
      checks.push(
        warn(
          'alt_claims',
          `${ignored.join(', ')} ignored: this tenant takes the seed's not_before/not_after (milliseconds); allowAltClaims accepts the debug page's nbf/iat (seconds) with exp (milliseconds)`,
        ),
      );
    }
  }
  const pair = alt ? chosenPair(input, checks) : standardPair(input);
  if (!pair) return { checks, acceptableUntilMs: null };
  const toleranceMs = options.futureIatToleranceSeconds * 1000;
  checks.push(checkSpan(pair, vendor), checkWindow(pair, nowMs, toleranceMs));
  return { checks, acceptableUntilMs: pair[1].ms + toleranceMs };
}

/** The window of a tenant in numbers: its tolerance at both ends, the alternative pair when allowed, the access token's life. */
function windowText(options: TenantOptions): string {
  const tolerance = options.futureIatToleranceSeconds;
  const ttl = optionValue(options, ZOHO_ASAP_OPTIONS, 'accessTokenTtlSeconds');
  const alt = allowAltClaims(options) ? '; or [nbf (or iat) in seconds, exp in milliseconds] (allowAltClaims)' : '';
  return `now within [not_before - ${tolerance} s, not_after + ${tolerance} s] (milliseconds), not_after - not_before at most ${MAX_SPAN_MS} ms${alt}; the access token lives ${ttl} s`;
}

/**
 * Zoho Desk ASAP JWT authentication (shared/seeds/003) and vendors.md §3, "Ambiguities" 11. Zoho
 * takes the JWT through its SDK, not a browser URL, so the receiver's stand-in for that exchange is
 * `POST /asap/jwt` (`jwt` in a JSON or form body, or the query string), answered with a bearer
 * access token that `GET /asap/me` accepts for accessTokenTtlSeconds (1 h) by the receiver clock.
 *
 * Window, decided here: now within [start - tolerance, end + tolerance] (futureIatToleranceSeconds,
 * in ms, at both ends) and 0 < end - start <= 600000 ms. start/end are not_before/not_after (ms).
 * With allowAltClaims the debug page's alternative counts too, never mixed with the seed's pair:
 * start = nbf in seconds (iat when nbf is absent), end = exp in milliseconds. Without it nbf, iat
 * and exp are ignored with a warning. No jti in Zoho's contract: the same signed token is refused
 * a second time until not_after (+ tolerance) has passed.
 */
export const zohoAsap: Profile = {
  id: 'zoho-asap',
  vendor: 'Zoho Desk ASAP',
  consume: [{ methods: ['POST'], path: '/asap/jwt', tokenParam: 'jwt' }],
  algorithms: ['HS256'],
  claims: CLAIMS,
  checkClaims: checkVerified,
  checkTimes: zohoChecks,
  window: windowText,
  windowDoc:
    'now within [not_before, not_after] (milliseconds), each end widened by futureIatToleranceSeconds; 0 < not_after - not_before <= 600000 ms. ' +
    'allowAltClaims: [nbf (or iat) in seconds, exp in milliseconds] instead, the pairs never mixed. The access token lives accessTokenTtlSeconds (1 h) at GET /asap/me',
  replayKey: 'content',
  homePath: '/home',
  answer: 'access-token',
  sessionTtlSeconds: (options) => optionValue(options, ZOHO_ASAP_OPTIONS, 'accessTokenTtlSeconds'),
  refusal: 'json',
  messages: {},
  fallbackMessage: 'JWT Configuration Error',
  variant: (options) => (allowAltClaims(options) ? { claims: ALT_CLAIMS } : {}),
  identity: (claims, values) => {
    const firstName = stringClaim(claims, 'first_name');
    const lastName = stringClaim(claims, 'last_name');
    return emailIdentity(values, { name: [firstName, lastName].filter(Boolean).join(' ') || null, firstName, lastName });
  },
  sources: [
    'Zoho Desk ASAP help "JWT: new mechanism for authenticating users in the ASAP add-ons"',
    'Zoho Desk ASAP help "Debugging JWT-related errors while configuring the ASAP add-on" (nbf/iat in seconds, exp in milliseconds; "JWT Configuration Error")',
  ],
};
