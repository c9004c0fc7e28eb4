import { DEFAULT_TOLERANCE_SECONDS, type TokenFactory } from '../../mint/factory';
import { MAX_IAT_AGE_SECONDS } from './contract';

/** What a HappyFox IdP sends: iat now, a fresh jti, the email and (when known) the name. */
export const happyfoxFactory: TokenFactory = {
  timeModel: { kind: 'iat-age', maxAgeSeconds: MAX_IAT_AGE_SECONDS, toleranceSeconds: DEFAULT_TOLERANCE_SECONDS },
  passingClaims: (atMs, { email, name }, jti) => ({ iat: Math.floor(atMs / 1000), jti, email, ...(name ? { name } : {}) }),
};
