import { jsonPostRequest } from '../../mint/delivery';
import { DEFAULT_TOLERANCE_SECONDS, userIdFor, type TokenFactory } from '../../mint/factory';
import { DEFAULT_KEY_ID } from './options';

/** What Zendesk's messaging samples sign: `kid` in the header; scope "user", external_id, name, a verified email. */
export const zendeskMessagingFactory: TokenFactory = {
  header: { kid: DEFAULT_KEY_ID },
  timeModel: { kind: 'exp', lifetimeSeconds: null, toleranceSeconds: DEFAULT_TOLERANCE_SECONDS },
  passingClaims: (_atMs, { email, name }) => ({
    scope: 'user',
    external_id: userIdFor(email),
    ...(name?.trim() ? { name } : {}),
    email,
    email_verified: true,
  }),
  consumeRequest: (target, token) => jsonPostRequest(target, 'jwt', token),
};
