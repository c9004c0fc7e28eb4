import { optionValue } from '../../config/setting';
import { DESKPRO_OPTIONS } from './options';
import { isoSeconds } from '../../verify/claim-times';
import { fail, pass, warn, type Check } from '../../verify/verdict';
import { stringClaim, type ClaimRule, type Profile, type TimeRuleInput, type TimeRuleResult } from '../../verify/contract';

/**
 * Deskpro "JWT" usersource app: the admin guide (shared/seeds/002) and vendors.md §2 and
 * "ambiguities" 9. By default the receiver does what Deskpro's code does (only `jwt` and `email`
 * are needed; firebase/php-jwt with 900 s leeway; no jti check); `strictDocs` applies the admin
 * guide's list instead (id, email, name, iat, exp, jti required; a second use refused).
 */

/** `JWT::$leeway = 60 * 15` in the receiver code. */
export const DESKPRO_LEEWAY_SECONDS = 900;

/** Deskpro's words for an algorithm other than the one the admin selected. */
export function algorithmMismatchMessage(selected: string): string {
  return `You selected the decryption algorithm "${selected}" but the incoming JWT token used a different algorithm. Please re-check the selected algorithm.`;
}

/** The time claims: php-jwt honours each when present; strictDocs requires iat and exp. */
function timeClaims(strict: boolean): ClaimRule[] {
  const presence = strict ? 'required' : 'optional';
  // firebase/php-jwt before 7.0 compares the claim as PHP does: a fraction as sent, a numeric string as its number.
  const lenient = 'firebase/php-jwt compares a fraction or a numeric string as a number';
  return [
    {
      name: 'iat',
      kind: 'numeric_date',
      presence,
      lenient,
      doc: 'Seconds since the epoch; refused only when more than 900 s in the future, never for its age (the guide recommends it).',
    },
    {
      name: 'exp',
      kind: 'numeric_date',
      presence,
      lenient,
      doc: 'Seconds since the epoch; refused when now - 900 >= exp (the guide suggests iat + 5 minutes).',
    },
    { name: 'nbf', kind: 'numeric_date', presence: 'optional', lenient, doc: 'Seconds since the epoch; refused when more than 900 s in the future.' },
  ];
}

const NAME_CLAIMS: ClaimRule[] = [
  {
    name: 'name',
    kind: 'string',
    presence: 'optional',
    doc: 'Display name, stored; the guide asks for it or first_name + last_name (a warning when neither is sent).',
  },
  { name: 'first_name', kind: 'string', presence: 'optional', doc: 'Stored; with last_name, the name when `name` is absent.' },
  { name: 'last_name', kind: 'string', presence: 'optional', doc: 'Stored.' },
];

const EMAIL: ClaimRule = {
  name: 'email',
  kind: 'email',
  presence: 'required',
  doc: 'Required by the code ("Missing required `email` in payload data"); the email is marked confirmed.',
};

/** What Deskpro's code checks. */
const CODE_CLAIMS: ClaimRule[] = [
  {
    name: 'id',
    kind: 'id',
    presence: 'warn',
    doc: 'Your user id (string or integer): the identity when present, else the email; the guide requires it, the code does not (a warning).',
  },
  EMAIL,
  ...NAME_CLAIMS,
  ...timeClaims(false),
];

/** The admin guide's "must include" and "for security, you should also include" lists, all required. */
const GUIDE_CLAIMS: ClaimRule[] = [
  { name: 'id', kind: 'id', presence: 'required', doc: 'strictDocs: required ("a unique ID for the user on your service").' },
  EMAIL,
  ...NAME_CLAIMS,
  ...timeClaims(true),
  { name: 'jti', kind: 'jti', presence: 'required', doc: 'strictDocs: required and refused when reused.' },
];

/** `name` or `first_name` + `last_name`: required by the guide, so strictDocs refuses and the default warns. */
function checkNames({ vendor, claims, options }: TimeRuleInput): Check[] {
  if (stringClaim(claims, 'name') || (stringClaim(claims, 'first_name') && stringClaim(claims, 'last_name'))) return [pass('names', 'a name is given')];
  const missing = 'neither name nor first_name + last_name is given';
  return optionValue(options, DESKPRO_OPTIONS, 'strictDocs')
    ? [fail('names', 'claim_missing', `${missing}; the ${vendor} admin guide requires one of them (strictDocs)`, { claim: 'name', reason: 'missing' })]
    : [warn('names', `${missing}; the admin guide asks for them, the code stores the user without a name`, { claim: 'name', reason: 'missing' })];
}

/**
 * A time claim that passed its rule, as php-jwt compares it: the number sent (a fraction, which
 * the lenient reading lets through, unrounded), or the number read from a numeric string.
 */
function instant(name: string, claims: Record<string, unknown>, values: TimeRuleInput['values']): number | undefined {
  const value = values.get(name);
  if (typeof value !== 'number') return undefined;
  const sent = claims[name];
  return typeof sent === 'number' ? sent : value;
}

/** firebase/php-jwt with 900 s leeway: exp, nbf and iat only when present, and no maximum age. */
function checkDeskproTimes({ vendor, claims, values, nowMs }: TimeRuleInput): TimeRuleResult {
  const now = Math.floor(nowMs / 1000); // PHP's time()
  const leeway = DESKPRO_LEEWAY_SECONDS;
  const checks: Check[] = [];
  const iat = instant('iat', claims, values);
  const nbf = instant('nbf', claims, values);
  const exp = instant('exp', claims, values);
  for (const [name, value] of [
    ['iat', iat],
    ['nbf', nbf],
  ] as const) {
    if (typeof value !== 'number') continue;
    const ahead = value - now;
    const fields = { claim: name, reason: 'in_future', actual: ahead, limit: leeway, unit: 's' } as const;
    if (ahead > leeway) {
      checks.push(
        fail(
          `${name}_window`,
          'token_not_yet_valid',
          `${name} is ${ahead} s in the future; ${vendor} allows ${leeway} s of leeway (${ahead - leeway} s too early: the IdP's clock is fast, run NTP)`,
          fields,
        ),
      );
    } else if (ahead > 0) {
      checks.push(warn(`${name}_window`, `${name} is ${ahead} s in the future, inside ${vendor}'s ${leeway} s leeway; the IdP's clock is ahead`, fields));
    } else {
      checks.push(
        pass(`${name}_window`, `${name} is ${-ahead} s past${name === 'iat' ? `; ${vendor} sets no maximum age` : ''}`, {
          claim: name,
          actual: -ahead,
          unit: 's',
        }),
      );
    }
  }
  if (typeof exp === 'number') {
    const left = exp - now;
    const fields = { claim: 'exp', reason: 'expired', actual: -left, limit: leeway, unit: 's' } as const;
    if (now - leeway >= exp) {
      checks.push(
        fail(
          'exp_window',
          'token_expired',
          `exp passed ${-left} s ago (${isoSeconds(exp)}); ${vendor} allows ${leeway} s of leeway, so the token expired ${-left - leeway} s ago`,
          fields,
        ),
      );
    } else if (left <= 0) {
      checks.push(warn('exp_window', `exp passed ${-left} s ago, inside ${vendor}'s ${leeway} s leeway (refused from ${leeway} s)`, fields));
    } else {
      checks.push(pass('exp_window', `exp is ${left} s away`, { claim: 'exp', actual: left, unit: 's' }));
    }
  } else {
    checks.push(pass('exp_window', `no exp: ${vendor} accepts the token at any age`, { claim: 'exp', reason: 'missing' }));
  }
  // Refused from exp + 900 on; without exp no time ever refuses the token.
  return { checks, acceptableUntilMs: typeof exp === 'number' ? Math.ceil((exp + leeway) * 1000) : null };
}

/** Deskpro shows an internal auth-failure result; its page and wording are not documented. */
const FALLBACK_MESSAGE = 'JWT authentication failed';

export const deskpro: Profile = {
  id: 'deskpro',
  vendor: 'Deskpro',
  consume: [
    { methods: ['GET', 'POST'], path: '/login/authenticate-callback/:usId', tokenParam: 'jwt', returnParam: 'return' },
    { methods: ['GET', 'POST'], path: '/agent/login/authenticate-callback/:usId', tokenParam: 'jwt', homePath: '/agent' },
  ],
  algorithms: ['HS256'],
  algorithmChoices: ['HS256', 'HS384', 'HS512', 'RS256'],
  claims: CODE_CLAIMS,
  checkClaims: checkNames,
  checkTimes: checkDeskproTimes,
  window: (options) =>
    `iat and nbf at most ${DESKPRO_LEEWAY_SECONDS} s in the future, refused from ${DESKPRO_LEEWAY_SECONDS} s after exp; no maximum age for iat${optionValue(options, DESKPRO_OPTIONS, 'strictDocs') ? '; iat and exp required (strictDocs)' : ''}`,
  windowDoc: 'firebase/php-jwt with 900 s leeway: refused when now - 900 >= exp, or iat / nbf more than 900 s in the future; no maximum age for iat',
  replayKey: 'none',
  variant: (options) => (optionValue(options, DESKPRO_OPTIONS, 'strictDocs') ? { claims: GUIDE_CLAIMS, replayKey: 'jti' } : {}),
  homePath: '/home',
  answer: 'session-redirect',
  refusal: 'page',
  messages: {
    token_missing: 'Missing `jwt` (token) in callback data',
    claim_missing: 'Missing required `email` in payload data',
    alg_not_allowed: algorithmMismatchMessage('<the selected algorithm>'),
  },
  message(failed, tenant) {
    if (failed.code === 'alg_not_allowed') return algorithmMismatchMessage(tenant.algorithms[0] ?? 'HS256');
    // Deskpro's code requires only email; the other claims strictDocs requires have no words of Deskpro's.
    if (failed.code === 'claim_missing' && failed.name !== 'email') return FALLBACK_MESSAGE;
    return undefined;
  },
  fallbackMessage: FALLBACK_MESSAGE,
  identity: (claims, values) => {
    const email = values.get('email');
    if (typeof email !== 'string') return null;
    const id = values.get('id');
    const firstName = stringClaim(claims, 'first_name');
    const lastName = stringClaim(claims, 'last_name');
    const name = stringClaim(claims, 'name') ?? ([firstName, lastName].filter(Boolean).join(' ') || null);
    return {
      key: id === undefined ? email : `id:${id}`,
      email,
      name,
      firstName,
      lastName,
      externalId: id === undefined ? null : String(id),
      attributes: { emailConfirmed: true },
    };
  },
  sources: [
    'Deskpro admin guide "JSON Web Token setup"',
    'deskpro/deskpro-jwt-example (jwt_login.php, query_api.php)',
    'nathanfdev/deskpro, an unofficial copy of Deskpro on-prem (deskpro_us_jwt manifest.json, Usersource/Auth/Jwt.php, Usersource/Adapter/Jwt.php)',
  ],
};
