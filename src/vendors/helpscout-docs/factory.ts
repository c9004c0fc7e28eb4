import { DEFAULT_TOLERANCE_SECONDS, type TokenFactory } from '../../mint/factory';

/** The examples' lifetime: "Expires in 1 minute". */
const LIFETIME_SECONDS = 60;

/** What Help Scout's examples sign: `{ exp: now + 60, sub: email }`, HS512. */
export const helpscoutDocsFactory: TokenFactory = {
  header: { alg: 'HS512' },
  timeModel: { kind: 'exp', lifetimeSeconds: LIFETIME_SECONDS, toleranceSeconds: DEFAULT_TOLERANCE_SECONDS },
  passingClaims: (atMs, { email }) => ({ exp: Math.floor(atMs / 1000) + LIFETIME_SECONDS, sub: email }),
  consumeRequest: (target, token) => `${target}?token=${encodeURIComponent(token)}&returnTo=/\n`,
};
