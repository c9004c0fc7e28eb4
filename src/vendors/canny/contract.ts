import type { ClaimValue } from '../../verify/claim-rules';
import { expWindow, expWindowText } from '../../verify/time-window';
import { stringClaim, type ClaimRule, type Identity, type Profile } from '../../verify/contract';

const CLAIMS: readonly ClaimRule[] = [
  { name: 'email', kind: 'email', presence: 'required', doc: "The user's address." },
  { name: 'id', kind: 'id', presence: 'required', doc: 'Your user id (string or integer); identifies the user.' },
  { name: 'name', kind: 'string', presence: 'required', doc: "The user's name." },
  { name: 'avatarURL', kind: 'string', presence: 'optional', doc: 'Optional ("optional, but preferred"): the avatar URL.' },
];

/** Known by `id`; the email and name are kept up to date from each login. */
function identity(claims: Record<string, unknown>, values: ReadonlyMap<string, ClaimValue>): Identity | null {
  const email = values.get('email');
  const id = values.get('id');
  if (typeof email !== 'string' || id === undefined) return null;
  const avatar = stringClaim(claims, 'avatarURL');
  return {
    key: `id:${String(id)}`,
    email,
    name: stringClaim(claims, 'name'),
    firstName: null,
    lastName: null,
    externalId: String(id),
    attributes: avatar ? { avatarURL: avatar } : null,
  };
}

/**
 * Canny single sign-on, redirect flow (help.canny.io 1961021, developers.canny.io widget/sso):
 * Canny calls the IdP's SSO redirect URL with `companyID` and `redirect`; the IdP sends the browser
 * to `/api/redirects/sso?companyID=&ssoToken=&redirect=`. HS256 with the company's private key;
 * `email`, `id`, `name`, optional `avatarURL`. No iat or jti rule: `exp` is honoured when present,
 * and a token without one can be used again and again (the verdict says so).
 */
export const canny: Profile = {
  id: 'canny',
  vendor: 'Canny',
  consume: [{ methods: ['GET'], path: '/api/redirects/sso', tokenParam: 'ssoToken', returnParam: 'redirect' }],
  algorithms: ['HS256'],
  claims: CLAIMS,
  checkTimes: expWindow,
  window: expWindowText,
  windowDoc: 'exp (and nbf) only when present, with futureIatToleranceSeconds; no iat rule, no maximum age',
  replayKey: 'none',
  homePath: '/home',
  answer: 'session-redirect',
  refusal: 'page',
  messages: {},
  fallbackMessage: 'Invalid SSO token',
  identity,
  sources: [
    'Canny help "Setting up single sign-on (SSO) redirect" (1961021)',
    'Canny developers "Single sign-on" (developers.canny.io/install/widget/sso): the Node, Python and PHP token samples',
  ],
};
