import type { ClaimValue } from '../../verify/claim-rules';
import { iatMaxAgeWindow, iatMaxAgeWindowText } from '../../verify/time-window';
import { externalIdThenEmailIdentity, type ClaimRule, type Identity, type Profile } from '../../verify/contract';

/** Kayako's admin page refuses a shared secret shorter than this. */
export const MIN_SECRET_LENGTH = 32;

/**
 * Kayako documents no window. The sample of a Kayako engineer sends `time() - 30` and warns that
 * an iat "too close to the present or in the future may fail" and "too far in the past will fail
 * too": the receiver takes 300 s as the oldest (maxIatAgeSeconds overrides it) and the tenant's
 * tolerance ahead.
 */
export const MAX_IAT_AGE_SECONDS = 300;

const CLAIMS: readonly ClaimRule[] = [
  { name: 'iat', kind: 'numeric_date', presence: 'required', doc: 'Issued at, integer seconds; at most 300 s old (inferred, `maxIatAgeSeconds`).' },
  { name: 'jti', kind: 'jti', presence: 'required', doc: 'Unique per login; a second use is refused.' },
  { name: 'email', kind: 'email', presence: 'required', doc: "The user's address; identifies the user when no `external_id` is given." },
  { name: 'name', kind: 'string', presence: 'required', doc: "The user's full name." },
  { name: 'role', kind: 'string', presence: 'optional', doc: "The user's role (the sample sends Kayako's role type, e.g. `CUSTOMER`)." },
  { name: 'external_id', kind: 'string', presence: 'optional', doc: 'Your user id; when given, the user is matched on it before the email.' },
  { name: 'locale', kind: 'string', presence: 'optional', doc: 'A locale code (`en-us`).' },
  { name: 'organization', kind: 'string', presence: 'optional', doc: 'Organization name.' },
  { name: 'phone_number', kind: 'string', presence: 'optional', doc: 'A string.' },
  { name: 'tags', kind: 'string_array', presence: 'optional', doc: 'An array of strings (a comma string is split, with a warning).' },
  { name: 'picture', kind: 'string', presence: 'optional', doc: "The avatar's URL." },
];

const ATTRIBUTES = ['role', 'locale', 'organization', 'phone_number', 'tags', 'picture'] as const;

/** The optional claims Kayako keeps on the user, as given. */
function attributesOf(values: ReadonlyMap<string, ClaimValue>): Record<string, unknown> | null {
  const attributes = Object.fromEntries(ATTRIBUTES.flatMap((name) => (values.has(name) ? [[name, values.get(name)]] : [])));
  return Object.keys(attributes).length > 0 ? attributes : null;
}

/** Matched on external_id, then email: the key is the external id when one is given. */
const identity = (claims: Record<string, unknown>, values: ReadonlyMap<string, ClaimValue>): Identity | null =>
  externalIdThenEmailIdentity(claims, values, attributesOf(values));

/**
 * Kayako single sign-on (developer.kayako.com "Single sign-on", vendors.md §Kayako): Kayako sends
 * the browser to the remote login URL with `returnto`, an absolute Kayako URL already holding a
 * query (`…/Base/SSO/JWT/?type=customer&action=/path`); the IdP redirects to `returnto + '&jwt=' +
 * token`. HS256, HS384 or HS512 with a secret of at least 32 characters.
 */
export const kayako: Profile = {
  id: 'kayako',
  vendor: 'Kayako',
  consume: [{ methods: ['GET'], path: '/Base/SSO/JWT/', tokenParam: 'jwt', returnParam: 'action' }],
  algorithms: ['HS256', 'HS384', 'HS512'],
  claims: CLAIMS,
  checkTimes: iatMaxAgeWindow(MAX_IAT_AGE_SECONDS),
  window: iatMaxAgeWindowText(MAX_IAT_AGE_SECONDS),
  windowDoc: 'not documented by Kayako: iat at most 300 s old (maxIatAgeSeconds), at most futureIatToleranceSeconds ahead; exp and nbf when present',
  replayKey: 'jti',
  homePath: '/home',
  answer: 'session-redirect',
  refusal: 'page',
  messages: {},
  fallbackMessage: 'Single sign-on failed',
  identity,
  sources: [
    'Kayako developer documentation "Single sign-on" (implementation, configuration, code_samples/php)',
    'mukunda-/kayako-stuff php/sso and php/sso2 (dologin.php: a Kayako IdP in PHP)',
  ],
};
