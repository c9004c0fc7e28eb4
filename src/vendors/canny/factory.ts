import { DEFAULT_TOLERANCE_SECONDS, userIdFor, type TokenFactory } from '../../mint/factory';

/** What Canny's Node sample signs: `{ avatarURL?, email, id, name }`, HS256, no time claim. */
export const cannyFactory: TokenFactory = {
  timeModel: { kind: 'exp', lifetimeSeconds: null, toleranceSeconds: DEFAULT_TOLERANCE_SECONDS },
  // name is required: without one, the email's local part stands in.
  passingClaims: (_atMs, { email, name }) => ({ email, id: userIdFor(email), name: name?.trim() ? name : (email.split('@')[0] ?? email) }),
};
