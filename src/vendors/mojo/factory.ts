import { DEFAULT_TOLERANCE_SECONDS, splitName, type TokenFactory } from '../../mint/factory';
import { MAX_IAT_AGE_SECONDS } from './contract';

/** What a Mojo IdP sends (the Ruby sample): iat now, the email, first and last name; no jti. */
export const mojoFactory: TokenFactory = {
  timeModel: { kind: 'iat-age', maxAgeSeconds: MAX_IAT_AGE_SECONDS, toleranceSeconds: DEFAULT_TOLERANCE_SECONDS },
  passingClaims: (atMs, { email, name }) => ({ iat: Math.floor(atMs / 1000), email, ...splitName(name) }),
};
