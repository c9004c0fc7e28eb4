import { formPostRequest } from '../../mint/delivery';
import { userIdFor, type BreakDef, type TokenFactory } from '../../mint/factory';
import { LEEWAY_SECONDS, MAX_LIFETIME_SECONDS } from './contract';

const LIFETIME_SECONDS = 300;

const BREAKS: Readonly<Record<string, BreakDef>> = {
  'flat-user': {
    doc: 'Freshdesk SSO v2: name and email at the top level instead of under "user"',
    applies: () => true,
    apply: (spec) => {
      Object.assign(spec.claims, spec.claims.user as Record<string, unknown>);
      delete spec.claims.user;
      return { check: 'user', code: 'claim_missing', explain: 'no "user" object; Freshdesk SSO v2 reads name and email from inside it' };
    },
  },
  'long-lifetime': {
    doc: `Freshdesk SSO v2: exp - iat of an hour (at most ${MAX_LIFETIME_SECONDS} s)`,
    applies: () => true,
    apply: (spec) => {
      spec.claims.exp = (spec.claims.iat as number) + 3600;
      return { check: 'lifetime', code: 'claim_invalid', explain: `exp - iat is 3600 s; Freshdesk SSO v2 allows ${MAX_LIFETIME_SECONDS} s` };
    },
  },
};

/** What the reconstructed SSO v2 verifier accepts: HS512, iat, exp = iat + 300, a jti, `user: { name, email, unique_external_id }`. */
export const freshdeskSsoV2Factory: TokenFactory = {
  header: { alg: 'HS512' },
  timeModel: { kind: 'leeway', leewaySeconds: LEEWAY_SECONDS, lifetimeSeconds: LIFETIME_SECONDS, maxLifetimeSeconds: MAX_LIFETIME_SECONDS },
  passingClaims: (atMs, { email, name }, jti) => {
    const iat = Math.floor(atMs / 1000);
    return {
      iat,
      exp: iat + LIFETIME_SECONDS,
      jti,
      user: { name: name?.trim() ? name : (email.split('@')[0] ?? email), email, unique_external_id: userIdFor(email) },
    };
  },
  breaks: BREAKS,
  consumeRequest: (target, token) => formPostRequest(target, 'jwt_token', token),
};
