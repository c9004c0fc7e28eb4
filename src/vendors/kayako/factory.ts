import { DEFAULT_TOLERANCE_SECONDS, type TokenFactory } from '../../mint/factory';
import { MAX_IAT_AGE_SECONDS } from './contract';
import { returnto } from './returnto';

/** What a Kayako IdP sends: iat now, a fresh jti, email, name; to `returnto + '&jwt=' + token`. */
export const kayakoFactory: TokenFactory = {
  timeModel: { kind: 'iat-age', maxAgeSeconds: MAX_IAT_AGE_SECONDS, toleranceSeconds: DEFAULT_TOLERANCE_SECONDS },
  // name is required by Kayako: without one, the email's local part stands in.
  passingClaims: (atMs, { email, name }, jti) => ({ iat: Math.floor(atMs / 1000), jti, email, name: name?.trim() ? name : (email.split('@')[0] ?? email) }),
  // The returnto Kayako sends holds type and action already; the IdP appends &jwt=.
  consumeRequest: (target, token) => `${returnto(target, '/home')}&jwt=${encodeURIComponent(token)}\n`,
};
