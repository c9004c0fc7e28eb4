import { userIdFor, type TokenFactory } from '../../mint/factory';
import { DESKPRO_LEEWAY_SECONDS } from './contract';

/** The admin guide suggests exp = iat + 5 minutes. */
const LIFETIME_SECONDS = 300;

/** What Deskpro's example IdP sends (jwt_login.php): a stable user id, the email, name, iat, exp = iat + 300, jti. */
export const deskproFactory: TokenFactory = {
  timeModel: { kind: 'leeway', leewaySeconds: DESKPRO_LEEWAY_SECONDS, lifetimeSeconds: LIFETIME_SECONDS },
  passingClaims: (atMs, { email, name }, jti) => {
    const iat = Math.floor(atMs / 1000);
    return { id: userIdFor(email), email, ...(name ? { name } : {}), iat, exp: iat + LIFETIME_SECONDS, jti };
  },
};
