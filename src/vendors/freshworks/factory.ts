import { DEFAULT_TOLERANCE_SECONDS, splitName, userIdFor, type TokenFactory } from '../../mint/factory';
import { GOLDEN_RSA_PRIVATE_KEY } from '../../mint/test-keys';
import { DEFAULT_MAX_IAT_AGE_SECONDS } from './contract';

/**
 * The id_token a Freshworks IdP sends, RS256 with its private key (`--secret` is that key, PEM):
 * sub, email, iat, the nonce /login sent (`mint --claim nonce=<it> --param state=<it>`; the jti stands
 * in offline), given_name and family_name as the clients send them.
 */
export const freshworksFactory: TokenFactory = {
  timeModel: { kind: 'iat-age', maxAgeSeconds: DEFAULT_MAX_IAT_AGE_SECONDS, toleranceSeconds: DEFAULT_TOLERANCE_SECONDS },
  header: { alg: 'RS256', typ: 'JWT' },
  goldenSecret: GOLDEN_RSA_PRIVATE_KEY,
  passingClaims: (atMs, { email, name }, jti) => {
    const { first_name, last_name } = splitName(name);
    return {
      sub: userIdFor(email),
      email,
      iat: Math.floor(atMs / 1000),
      nonce: jti,
      ...(first_name ? { given_name: first_name } : {}),
      ...(last_name ? { family_name: last_name } : {}),
    };
  },
};
