/**
 * Tokens for tests, made by the vendors' own token factories (src/vendors/<id>/factory.ts), the ones
 * `mint`, the golden fixtures and the bench use: a test states only what it changes.
 */
import { SignJWT, type KeyLike } from 'jose';
import type { Subject } from '../../src/mint/factory';
import { VENDORS, type ProfileId } from '../../src/vendors';

/** The claims a default tenant of `profile` accepts at `atMs` for `subject`, with `overrides` on top (an `undefined` drops the claim). */
export function vendorClaims(
  profile: ProfileId,
  atMs: number,
  subject: Subject,
  jti: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const claims = { ...VENDORS[profile].factory.passingClaims(atMs, subject, jti), ...overrides };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

/** Signs exactly `claims` with `alg` (HS256 by default) and an HMAC secret or a private key; `typ: JWT` as IdPs send it. */
export function signClaims(claims: Record<string, unknown>, key: string | KeyLike, alg = 'HS256', header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT', ...header } as { alg: string })
    .sign(typeof key === 'string' ? Buffer.from(key, 'utf8') : key);
}
