import { createPrivateKey } from 'node:crypto';
// jose's subpaths (typed by tsconfig's paths): its index loads 83 files at start-up, these about 30.
import { CompactSign } from 'jose/jws/compact/sign';
import { OTHER_RSA_PRIVATE_KEY } from './test-keys';
import { VENDORS, type ProfileId } from '../vendors';
import { otherSecret, type Subject, type TimeModel, type TokenSpec } from './factory';

/**
 * What the IdP side sends: the passing claim set of each vendor at an instant (its factory's), and
 * how a token is signed. `mint` and the golden fixtures (scripts/fixtures.ts) both build their
 * tokens here, so a fixture is exactly what `mint` would print for the same instant and jti.
 */

/** The window of a vendor, as a default tenant applies it. */
export const timeModelOf = (profile: ProfileId): TimeModel => VENDORS[profile].factory.timeModel;

export const DEFAULT_HEADER = { alg: 'HS256', typ: 'JWT' } as const;

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * The compact JWS for `spec`, signed by jose with HMAC (deterministic: the same spec and secret,
 * the same token); `alg: none` makes the unsigned form `<header>.<payload>.`.
 */
export async function signSpec(spec: TokenSpec, secret: string): Promise<string> {
  const alg = String(spec.header.alg);
  let token: string;
  if (alg.toLowerCase() === 'none') {
    token = `${b64url(spec.header)}.${b64url(spec.claims)}.`;
  } else {
    // An RSA vendor's secret is the IdP's private key (PEM); `other` is a key no tenant verifies with.
    const rsa = /^(RS|PS)/.test(alg);
    const key = rsa
      ? createPrivateKey(spec.key === 'tenant' ? secret : OTHER_RSA_PRIVATE_KEY)
      : Buffer.from(spec.key === 'tenant' ? secret : otherSecret(secret), 'utf8');
    // jose refuses to sign a crit it is not told about; a golden case sends one on purpose.
    const crit = Array.isArray(spec.header.crit) ? Object.fromEntries(spec.header.crit.map((name) => [String(name), true])) : undefined;
    token = await new CompactSign(Buffer.from(JSON.stringify(spec.claims), 'utf8'))
      .setProtectedHeader(spec.header as { alg: string })
      .sign(key, crit ? { crit } : undefined);
  }
  return spec.mangle ? spec.mangle(token) : token;
}

/** The token a spec makes for `profile`: the vendor's own credential when it has one, else a compact JWS. */
export async function credentialOf(profile: ProfileId, spec: TokenSpec, secret: string): Promise<string> {
  const { encode } = VENDORS[profile].factory as { encode?: (spec: TokenSpec, secret: string) => string };
  return encode ? encode(spec, secret) : signSpec(spec, secret);
}

/** The passing token's spec: HS256 (or the vendor's own header), the tenant's secret. */
export function passingSpec(profile: ProfileId, atMs: number, subject: Subject, jti: string): TokenSpec {
  const { factory } = VENDORS[profile];
  return { header: { ...DEFAULT_HEADER, ...factory.header }, claims: factory.passingClaims(atMs, subject, jti), key: 'tenant' };
}
