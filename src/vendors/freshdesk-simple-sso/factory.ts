import type { TokenFactory } from '../../mint/factory';
import { encodeSimpleSso } from './credential';
import { WINDOW_SECONDS } from './window';

/** What an IdP's simple-SSO code sends: name, email and the current timestamp, hashed; a GET to /login/sso. */
export const freshdeskSimpleSsoFactory: TokenFactory = {
  timeModel: { kind: 'iat-skew', skewSeconds: WINDOW_SECONDS, claim: 'timestamp' },
  // Freshdesk needs a name: without one, the email's local part stands in.
  passingClaims: (atMs, { email, name }) => ({
    name: name?.trim() ? name : (email.split('@')[0] ?? email),
    email,
    // Text, as it travels in the query (and as check reads it back).
    timestamp: String(Math.floor(atMs / 1000)),
  }),
  encode: encodeSimpleSso,
};
