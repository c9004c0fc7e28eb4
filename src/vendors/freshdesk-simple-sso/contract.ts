import { emailIdentity, stringClaim, type Profile } from '../../verify/contract';
import { simpleSsoCredential } from './credential';
import { checkTimestamp, windowText } from './window';

/** Freshdesk's flash text for a timestamp outside the window and for a hash used before (url_limitation_error). */
export const SESSION_EXPIRED = 'Session expired, please login again';

/**
 * Freshdesk's legacy "Simple SSO" (vendors.md §6b), reconstructed from an unofficial copy of its
 * source (Ramesh-Veeriaperumal/freshconsult: user_sessions_controller.rb check_sso_params and
 * new_sso_hash, lib/sso_util.rb) and its help pages: not a JWT, but four query parameters, the
 * hash a hex HMAC-MD5 keyed by the shared secret over name + secret + email + timestamp.
 */
export const freshdeskSimpleSso: Profile = {
  id: 'freshdesk-simple-sso',
  vendor: 'Freshdesk simple SSO (legacy)',
  consume: [{ methods: ['GET'], path: '/login/sso', tokenParam: 'hash', returnParam: 'redirect_to' }],
  credential: simpleSsoCredential,
  algorithms: ['HMAC-MD5'],
  claims: [
    { name: 'name', kind: 'string', presence: 'required', doc: "The user's name; signed (the hash covers it)." },
    { name: 'email', kind: 'email', presence: 'required', doc: "The user's address; signed; identifies the user." },
    {
      name: 'timestamp',
      kind: 'string',
      presence: 'required',
      doc: 'Seconds since the epoch, signed; within ±30 s of now (`simpleSsoLegacyWindow`: 1800 s back, 60 s ahead). Freshdesk once took a request without one (a plain MD5, no window); the receiver requires it, as the current docs do.',
    },
    { name: 'phone', kind: 'string', presence: 'optional', doc: 'Unsigned; stored on the contact.' },
    { name: 'company', kind: 'string', presence: 'optional', doc: 'Unsigned; the contact is added to this company.' },
  ],
  checkTimes: checkTimestamp,
  window: windowText,
  windowDoc: 'timestamp within ±30 s of now (simpleSsoLegacyWindow: 1800 s back, 60 s ahead); a used hash refused for as long',
  replayKey: 'content',
  homePath: '/home',
  answer: 'session-redirect',
  refusal: 'page',
  messages: { token_expired: SESSION_EXPIRED, token_not_yet_valid: SESSION_EXPIRED, token_replayed: SESSION_EXPIRED },
  fallbackMessage: 'Login was unsuccessful',
  identity: (claims, values) => emailIdentity(values, { name: stringClaim(claims, 'name'), firstName: null, lastName: null }),
  sources: [
    'Freshservice 218278 and Freshdesk training 3000031767 "Simple SSO"; partnersupport 236807 (the 30 s window)',
    'Ramesh-Veeriaperumal/freshconsult (unofficial copy of Freshdesk source): app/controllers/user_sessions_controller.rb, lib/sso_util.rb',
  ],
};
