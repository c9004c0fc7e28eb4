import { optionValue } from '../../config/setting';
import type { ClaimValue } from '../../verify/claim-rules';
import { expWindow, expWindowText } from '../../verify/time-window';
import { pass, warn, type Check } from '../../verify/verdict';
import { stringClaim, type ClaimRule, type Identity, type Profile, type TimeRuleInput } from '../../verify/contract';
import { ZENDESK_MESSAGING_OPTIONS } from './options';

/** What Zendesk's messaging login answers a refused JWT with: a 401 and no reason. */
export const OPAQUE_ANSWER = 'Unauthorized';

const CLAIMS: readonly ClaimRule[] = [
  { name: 'scope', kind: 'string', presence: 'required', oneOf: ['user'], doc: 'Must be `"user"`.' },
  { name: 'external_id', kind: 'string', presence: 'required', doc: 'The primary identification of the user, a string, unique per user.' },
  { name: 'name', kind: 'string', presence: 'optional', doc: 'Shown to agents.' },
  { name: 'email', kind: 'email', presence: 'optional', doc: 'Used only with `email_verified: true`; otherwise ignored (a warning).' },
  { name: 'email_verified', kind: 'boolean', presence: 'optional', doc: 'A JSON boolean; `true` makes `email` an identity of the user.' },
];

/** An email without `email_verified: true` is not an error: Zendesk ignores it. */
function checkEmailUse({ vendor, values }: TimeRuleInput): Check[] {
  if (!values.has('email')) return [];
  return values.get('email_verified') === true
    ? [pass('email_use', 'email_verified is true: the email becomes an identity of the user', { claim: 'email' })]
    : [
        warn('email_use', `email is ignored without email_verified: true; ${vendor} knows the user by external_id only`, {
          claim: 'email_verified',
          reason: 'not_verified',
          actual: values.get('email_verified') ?? null,
        }),
      ];
}

function identity(claims: Record<string, unknown>, values: ReadonlyMap<string, ClaimValue>): Identity | null {
  const externalId = typeof values.get('external_id') === 'string' ? stringClaim(claims, 'external_id') : null;
  if (externalId === null) return null;
  const email = values.get('email_verified') === true ? values.get('email') : undefined;
  return {
    key: `external_id:${externalId}`,
    // An unverified address is not the user's: kept out of the row, as Zendesk keeps it out of the identities.
    email: typeof email === 'string' ? email : '',
    name: stringClaim(claims, 'name'),
    firstName: null,
    lastName: null,
    externalId,
    attributes: null,
  };
}

/**
 * Zendesk messaging authentication (the Web Widget / SDK `zE('messenger', 'loginUser', cb)`, distinct
 * from `/access/jwt`): the widget hands the JWT to Zendesk's servers, so the receiver's stand-in is an
 * exchange, `POST /messaging/login` (`jwt` in JSON, a form or the query), answered with a bearer token.
 * HS256, the `kid` header naming one of up to 10 signing keys; `scope: "user"` and `external_id`
 * required. Zendesk answers any refusal with an opaque 401: the receiver answers the same, and says in
 * the verdict why.
 */
export const zendeskMessaging: Profile = {
  id: 'zendesk-messaging',
  vendor: 'Zendesk messaging',
  consume: [{ methods: ['POST'], path: '/messaging/login', tokenParam: 'jwt' }],
  algorithms: ['HS256'],
  keySelector: { header: 'kid', ids: (options) => optionValue(options, ZENDESK_MESSAGING_OPTIONS, 'messagingKeyIds') },
  claims: CLAIMS,
  checkClaims: checkEmailUse,
  checkTimes: expWindow,
  window: expWindowText,
  windowDoc: 'no window documented: exp (and nbf) honoured when present, with futureIatToleranceSeconds',
  replayKey: 'none',
  homePath: '/home',
  answer: 'access-token',
  refusal: 'opaque',
  // All Zendesk says: the body is `{"error":"Unauthorized"}`; the verdict adds an `answer` note saying so.
  messages: {},
  fallbackMessage: OPAQUE_ANSWER,
  identity,
  sources: [
    'Zendesk help "Setting up user authentication for messaging" (4411666638746): up to 10 signing keys, external_id, email identities',
    'Zendesk developer docs "Enabling authenticated visitors for messaging" (zendesk-web-widget-sdks): kid header, scope "user", email_verified',
  ],
};
