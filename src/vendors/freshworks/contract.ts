import { iatMaxAgeWindow, iatMaxAgeWindowText } from '../../verify/time-window';
import { stringClaim, type ClaimRule, type Identity, type Profile } from '../../verify/contract';
import type { ClaimValue } from '../../verify/claim-rules';
import { freshworksOnce } from './once';
import { NOT_IN_ORGANISATION_MESSAGE, checkOrganisationUser } from './organisation';

/** Freshworks' documented error texts ("IDP errors"). */
export const SIGNATURE_MESSAGE = 'Signature validation failed: RSA Signature did not match';
export const STATE_NONCE_MESSAGE = 'Constraint validation failed with reason: Invalid state param or nonce param sent by IDP';
export const USER_INFO_MESSAGE = 'Invalid token or user info response';

/** The window Freshworks does not document (its table stops at `iat`): the receiver's choice, `maxIatAgeSeconds` changes it. */
export const DEFAULT_MAX_IAT_AGE_SECONDS = 300;

const CLAIMS: readonly ClaimRule[] = [
  { name: 'sub', kind: 'string', presence: 'required', doc: 'The user\'s id at the IdP, a string; without it: "Invalid token or user info response".' },
  { name: 'email', kind: 'email', presence: 'required', doc: 'The user\'s address; without it: "Invalid token or user info response".' },
  {
    name: 'iat',
    kind: 'numeric_date',
    presence: 'required',
    doc: 'Seconds since the epoch. Freshworks documents no window: the receiver takes 300 s (`maxIatAgeSeconds`) and the usual tolerance ahead.',
  },
  { name: 'nonce', kind: 'string', presence: 'required', doc: 'The nonce /login sent with the authorization request, echoed; once.' },
  { name: 'given_name', kind: 'string', presence: 'optional', doc: 'First name (the clients send it).' },
  { name: 'family_name', kind: 'string', presence: 'optional', doc: 'Last name (the clients send it).' },
];

function identity(claims: Record<string, unknown>, values: ReadonlyMap<string, ClaimValue>): Identity | null {
  const email = values.get('email');
  const sub = stringClaim(claims, 'sub');
  if (typeof email !== 'string' || sub === null) return null;
  const firstName = stringClaim(claims, 'given_name');
  const lastName = stringClaim(claims, 'family_name');
  return { key: `sub:${sub}`, email, name: [firstName, lastName].filter(Boolean).join(' ') || null, firstName, lastName, externalId: sub, attributes: null };
}

/**
 * Freshworks "custom JWT" SSO (Freshdesk, Freshservice; vendors.md §6a): OIDC implicit style. The
 * receiver starts it (/login: state and nonce to the IdP's authorization URL); the IdP returns
 * `state` and an RS256 `id_token` to /sp/OIDC/<id>/implicit, verified with the admin's public key.
 */
export const freshworks: Profile = {
  id: 'freshworks',
  vendor: 'Freshworks',
  consume: [{ methods: ['GET'], path: '/sp/OIDC/:id/implicit', tokenParam: 'id_token' }],
  algorithms: ['RS256'],
  claims: CLAIMS,
  checkClaims: checkOrganisationUser,
  checkTimes: iatMaxAgeWindow(DEFAULT_MAX_IAT_AGE_SECONDS),
  window: iatMaxAgeWindowText(DEFAULT_MAX_IAT_AGE_SECONDS),
  windowDoc:
    "undocumented by Freshworks: iat at most maxIatAgeSeconds (300, the receiver's choice) old, futureIatToleranceSeconds ahead; exp and nbf when present",
  replayKey: 'once',
  once: freshworksOnce,
  homePath: '/home',
  answer: 'session-redirect',
  refusal: 'page',
  messages: { signature_invalid: SIGNATURE_MESSAGE, nonce_invalid: STATE_NONCE_MESSAGE },
  fallbackMessage: 'Login failed',
  // A missing or unusable sub or email is Freshworks' "Invalid token or user info response".
  message: (failed) =>
    failed.name === 'sub' || failed.name === 'email' ? USER_INFO_MESSAGE : failed.name === 'organisation_user' ? NOT_IN_ORGANISATION_MESSAGE : undefined,
  identity,
  sources: [
    'Freshworks support 50000000670 (custom JWT); supportsandbox.freshdesk.com 11000000028069 (Basics of JWT), 11000000028109 (Setting up the id_token), 11000000028132 (IdP errors)',
  ],
};
