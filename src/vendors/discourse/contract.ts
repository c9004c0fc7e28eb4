import type { ClaimValue } from '../../verify/claim-rules';
import { stringClaim, type ClaimRule, type Identity, type Profile, type TimeRuleInput } from '../../verify/contract';
import { fail, pass, type Check } from '../../verify/verdict';
import { NONCE_INVALID, discourseNonce, nonceError, nonceLifetimeMs } from './nonce';
import { discoursePayload } from './payload';

/** DiscourseConnect::BANNED_EXTERNAL_IDS, compared lower-cased. */
export const BANNED_EXTERNAL_IDS = ['none', 'nil', 'blank', 'null'] as const;

const CLAIMS: readonly ClaimRule[] = [
  {
    name: 'nonce',
    kind: 'string',
    presence: 'required',
    doc: 'The nonce of the `sso` the receiver sent from /session/sso, echoed; once, within `discourseNonceLifetimeSeconds`.',
  },
  { name: 'email', kind: 'email', presence: 'required', doc: 'The user\'s address (a blank one fails at Discourse with "no_email").' },
  {
    name: 'external_id',
    kind: 'string',
    presence: 'required',
    doc: "The IdP's user id; never `none`, `nil`, `blank` or `null` (any case). Users are matched on it, then on email.",
  },
  { name: 'username', kind: 'string', presence: 'optional', doc: 'Suggested username.' },
  { name: 'name', kind: 'string', presence: 'optional', doc: 'Full name.' },
  { name: 'avatar_url', kind: 'string', presence: 'optional', doc: 'Downloaded as the avatar.' },
  { name: 'groups', kind: 'string', presence: 'optional', doc: 'Comma-separated group names (with `discourse_connect_overrides_groups`).' },
  { name: 'add_groups', kind: 'string', presence: 'optional', doc: 'Comma-separated groups to add.' },
  { name: 'remove_groups', kind: 'string', presence: 'optional', doc: 'Comma-separated groups to remove.' },
  { name: 'admin', kind: 'boolean', presence: 'optional', doc: '`true` or `false`; any other text is read as absent (nil).' },
  { name: 'moderator', kind: 'boolean', presence: 'optional', doc: '`true` or `false`; any other text is read as absent (nil).' },
];

/** `raise BannedExternalId if BANNED_EXTERNAL_IDS.include?(external_id.downcase)` (lookup_or_create_user). */
function checkExternalId({ claims }: TimeRuleInput): Check[] {
  const id = claims.external_id;
  if (typeof id !== 'string' || id.trim() === '') return [];
  if ((BANNED_EXTERNAL_IDS as readonly string[]).includes(id.toLowerCase())) {
    return [
      fail(
        'external_id_allowed',
        'claim_invalid',
        `external_id is "${id}", which Discourse refuses (BannedExternalId: none, nil, blank, null in any case): send the user's real id`,
        {
          claim: 'external_id',
          reason: 'not_one_of',
          actual: id,
        },
      ),
    ];
  }
  return [pass('external_id_allowed', `external_id "${id.slice(0, 40)}" is not one Discourse bans`, { claim: 'external_id' })];
}

const ATTRIBUTES = ['username', 'avatar_url', 'groups', 'add_groups', 'remove_groups', 'admin', 'moderator'] as const;

function identity(claims: Record<string, unknown>, values: ReadonlyMap<string, ClaimValue>): Identity | null {
  const email = values.get('email');
  const externalId = stringClaim(claims, 'external_id');
  if (typeof email !== 'string' || externalId === null) return null;
  const attributes = Object.fromEntries(ATTRIBUTES.filter((n) => values.has(n)).map((n) => [n, values.get(n)]));
  return {
    // SingleSignOnRecord.find_by(external_id:), then the email.
    key: `external_id:${externalId}`,
    email,
    name: stringClaim(claims, 'name'),
    firstName: null,
    lastName: null,
    externalId,
    attributes: Object.keys(attributes).length > 0 ? attributes : null,
  };
}

/**
 * DiscourseConnect, Discourse's own SSO (its open-source code is the specification: lib/discourse_connect_base.rb,
 * app/models/discourse_connect.rb, SessionController#sso and #sso_login). Not a JWT: `sso` is base64 of a
 * query, `sig` its hex HMAC-SHA256. The receiver starts the login (/session/sso) with a nonce it keeps,
 * and the IdP must echo it once.
 */
export const discourse: Profile = {
  id: 'discourse',
  vendor: 'DiscourseConnect',
  consume: [{ methods: ['GET'], path: '/session/sso_login', tokenParam: 'sso' }],
  credential: discoursePayload,
  algorithms: ['HMAC-SHA256'],
  claims: CLAIMS,
  checkClaims: checkExternalId,
  checkTimes: () => ({ checks: [], acceptableUntilMs: null }),
  window: (options) => `no time field; the nonce from /session/sso is valid ${nonceLifetimeMs(options) / 1000} s and used once`,
  windowDoc: 'no time field: the nonce /session/sso issued is valid discourseNonceLifetimeSeconds (600) and remembered as used for 24 h',
  replayKey: 'once',
  once: discourseNonce,
  homePath: '/home',
  answer: 'session-redirect',
  refusal: 'page',
  messages: {
    token_malformed: 'The SSO field should be Base64 encoded, using only A-Z, a-z, 0-9, +, /, and = characters.',
    signature_invalid: 'Bad signature for payload',
    nonce_invalid: NONCE_INVALID,
  },
  fallbackMessage: 'DiscourseConnect login failed',
  message: (failed, { options }) => (failed.name === 'nonce_valid' ? nonceError(failed.reason, options) : undefined),
  // SessionController#sso_login renders a refused nonce with status 419.
  statuses: { nonce_invalid: 419 },
  identity,
  sources: [
    'discourse/discourse lib/discourse_connect_base.rb (parse, sign, ACCESSORS, BOOLS, nonce_expiry_time, used_nonce_expiry_time)',
    'discourse/discourse app/models/discourse_connect.rb (generate_sso, register_nonce, nonce_valid?, nonce_error, expire_nonce!, BANNED_EXTERNAL_IDS)',
    'discourse/discourse app/controllers/session_controller.rb (sso, sso_login)',
  ],
};
