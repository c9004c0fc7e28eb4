import type { ClaimValue } from '../../verify/claim-rules';
import { isoSeconds } from '../../verify/claim-times';
import { checkRegisteredTimes } from '../../verify/time-window';
import { fail, pass, warn, type Check } from '../../verify/verdict';
import type { ClaimRule, Identity, Profile, TimeRuleInput, TimeRuleResult } from '../../verify/contract';

/** The leeway of the reconstructed verifier (iat ahead, exp past). */
export const LEEWAY_SECONDS = 60;
/** `exp - iat` at most this; also how long a jti is remembered. */
export const MAX_LIFETIME_SECONDS = 900;

/** Every field of `user` must be a string. */
const userField = (name: string, doc: string, presence: ClaimRule['presence'] = 'optional'): ClaimRule => ({
  name,
  in: 'user',
  kind: 'string',
  presence,
  doc,
});

const CLAIMS: readonly ClaimRule[] = [
  { name: 'iat', kind: 'numeric_date', presence: 'required', doc: `Seconds; at most ${LEEWAY_SECONDS} s in the future.` },
  {
    name: 'exp',
    kind: 'numeric_date',
    presence: 'required',
    doc: `Seconds; refused ${LEEWAY_SECONDS} s after it; exp - iat at most ${MAX_LIFETIME_SECONDS} s.`,
  },
  { name: 'jti', kind: 'jti', presence: 'required', doc: `Single use, remembered ${MAX_LIFETIME_SECONDS} s.` },
  { name: 'user', kind: 'object', presence: 'required', doc: 'The user, nested; every field a string.' },
  userField('name', "The user's name.", 'required'),
  { name: 'email', in: 'user', kind: 'email', presence: 'optional', doc: 'The email; this or `user.unique_external_id` is required.' },
  userField('unique_external_id', 'Your user id; this or `user.email` is required.'),
  ...['phone', 'mobile', 'company_name', 'job_title', 'time_zone', 'language'].map((name) => userField(name, 'A string.')),
];

/** `name` plus `email` or `unique_external_id`. */
function checkUserKey({ vendor, values }: TimeRuleInput): Check[] {
  if (values.has('user.email') || typeof values.get('user.unique_external_id') === 'string') return [];
  return [
    fail('user_identity', 'claim_missing', `user has neither email nor unique_external_id; ${vendor} needs one of them besides name`, {
      claim: 'user.email',
      reason: 'missing',
    }),
  ];
}

/** The reconstructed verifier: iat at most 60 s ahead, refused 60 s after exp, exp - iat at most 900 s; nbf when present. */
function checkTimes({ vendor, claims, values, nowMs }: TimeRuleInput): TimeRuleResult {
  const now = Math.floor(nowMs / 1000);
  const l = LEEWAY_SECONDS;
  const checks: Check[] = [];
  const iat = values.get('iat');
  const exp = values.get('exp');
  if (typeof iat === 'number') {
    const ahead = iat - now;
    const fields = { claim: 'iat', reason: 'in_future', actual: ahead, limit: l, unit: 's' } as const;
    if (ahead > l) checks.push(fail('iat_window', 'token_not_yet_valid', `iat is ${ahead} s in the future; ${vendor} allows ${l} s of leeway`, fields));
    else if (ahead > 0) checks.push(warn('iat_window', `iat is ${ahead} s in the future, inside the ${l} s leeway`, fields));
    else checks.push(pass('iat_window', `iat is ${-ahead} s past`, { claim: 'iat', actual: -ahead, unit: 's' }));
  }
  if (typeof exp === 'number') {
    const left = exp - now;
    const fields = { claim: 'exp', reason: 'expired', actual: -left, limit: l, unit: 's' } as const;
    if (now - l >= exp)
      checks.push(fail('exp_window', 'token_expired', `exp passed ${-left} s ago (${isoSeconds(exp)}); ${vendor} allows ${l} s of leeway`, fields));
    else if (left <= 0) checks.push(warn('exp_window', `exp passed ${-left} s ago, inside the ${l} s leeway`, fields));
    else checks.push(pass('exp_window', `exp is ${left} s away`, { claim: 'exp', actual: left, unit: 's' }));
  }
  if (typeof iat === 'number' && typeof exp === 'number') checks.push(checkLifetime(exp - iat, vendor));
  checks.push(...checkRegisteredTimes({ nbf: claims.nbf }, now, l).map((c) => ({ ...c, name: 'nbf_window' })));
  // The jti is remembered 900 s, or until the token could no longer pass, whichever is later.
  const until = Math.max(now + MAX_LIFETIME_SECONDS, typeof exp === 'number' ? exp + l : 0);
  return { checks, acceptableUntilMs: until * 1000 };
}

function checkLifetime(span: number, vendor: string): Check {
  const fields = { claim: 'exp', actual: span, limit: MAX_LIFETIME_SECONDS, unit: 's' } as const;
  if (span > MAX_LIFETIME_SECONDS)
    return fail('lifetime', 'claim_invalid', `exp - iat is ${span} s; ${vendor} allows at most ${MAX_LIFETIME_SECONDS} s`, {
      ...fields,
      reason: 'span_too_long',
    });
  if (span <= 0) return fail('lifetime', 'claim_invalid', `exp is not after iat (exp - iat = ${span} s)`, { ...fields, reason: 'span_not_positive' });
  return pass('lifetime', `exp - iat is ${span} s; at most ${MAX_LIFETIME_SECONDS} s`, fields);
}

function identity(_claims: Record<string, unknown>, values: ReadonlyMap<string, ClaimValue>): Identity | null {
  const email = values.get('user.email');
  const external = values.get('user.unique_external_id');
  const externalId = typeof external === 'string' && external.trim() !== '' ? external : null;
  if (typeof email !== 'string' && externalId === null) return null;
  const attributes = Object.fromEntries(
    ['phone', 'mobile', 'company_name', 'job_title', 'time_zone', 'language'].flatMap((n) => (values.has(`user.${n}`) ? [[n, values.get(`user.${n}`)]] : [])),
  );
  const name = values.get('user.name');
  return {
    key: externalId !== null ? `unique_external_id:${externalId}` : (email as string),
    // A user known only by its external id has no address; the row keeps the id in its place.
    email: typeof email === 'string' ? email : '',
    name: typeof name === 'string' ? name : null,
    firstName: null,
    lastName: null,
    externalId,
    attributes: Object.keys(attributes).length > 0 ? attributes : null,
  };
}

/**
 * Freshdesk legacy "JWT SSO v2" (vendors.md §6c), RECONSTRUCTED FROM AN UNOFFICIAL SOURCE (an
 * unofficial copy of Freshdesk's code, possibly stale; Freshdesk no longer documents it): opt-in.
 * `GET|POST /login/sso_v2?jwt_token=`; HS512; iat and exp required, 60 s leeway, exp - iat <= 900;
 * jti single use for 900 s; the user nested under `user`, every field a string, `name` plus
 * `email` or `unique_external_id`. Success goes to `redirect_to`; any failure redirects to
 * `/login/normal` with a flash message.
 */
export const freshdeskSsoV2: Profile = {
  id: 'freshdesk-sso-v2',
  vendor: 'Freshdesk (JWT SSO v2, legacy)',
  consume: [{ methods: ['GET', 'POST'], path: '/login/sso_v2', tokenParam: 'jwt_token', returnParam: 'redirect_to' }],
  algorithms: ['HS512'],
  claims: CLAIMS,
  checkClaims: checkUserKey,
  checkTimes,
  window: () => `iat at most ${LEEWAY_SECONDS} s ahead, refused ${LEEWAY_SECONDS} s after exp, exp - iat at most ${MAX_LIFETIME_SECONDS} s`,
  windowDoc: `iat and exp required; iat at most ${LEEWAY_SECONDS} s ahead, refused when now - ${LEEWAY_SECONDS} >= exp, exp - iat at most ${MAX_LIFETIME_SECONDS} s (reconstructed)`,
  replayKey: 'jti',
  homePath: '/home',
  answer: 'session-redirect',
  refusal: 'flash-redirect',
  refusalPath: '/login/normal',
  messages: {},
  fallbackMessage: 'Single sign-on failed. Please try again or sign in with your Freshdesk credentials.',
  identity,
  sources: [
    'Ramesh-Veeriaperumal/freshconsult, an unofficial copy of Freshdesk source (SSO v2 controller), as recorded in vendors.md §6c: reconstructed, may be stale',
  ],
};
