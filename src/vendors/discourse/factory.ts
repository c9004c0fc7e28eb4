import { userIdFor, type TokenFactory } from '../../mint/factory';
import { encodePayload } from './payload';

/**
 * What an IdP answers: the nonce it was sent (mint --claim nonce=<the nonce /session/sso sent>; the
 * jti stands in offline), email, external_id, username and name, as DiscourseConnect's sample
 * payloads carry them.
 */
export const discourseFactory: TokenFactory = {
  timeModel: { kind: 'none' },
  passingClaims: (_atMs, { email, name }, jti) => ({
    nonce: jti,
    email,
    external_id: userIdFor(email),
    username: (email.split('@')[0] ?? email).replace(/[^\w.-]/g, '_'),
    ...(name?.trim() ? { name } : {}),
  }),
  encode: encodePayload,
};
