import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { VENDORS, type ProfileId } from '../src/vendors';
import { keyFor } from '../src/verify/signature';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 32-character alphanumeric secret, the shape of HappyFox's generated key. */
export function randomSecret(): string {
  return Array.from(randomBytes(32), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

/** Tells tokens of one bench run from any other's. */
export const RUN_ID = randomBytes(4).toString('hex');

/** Users the tokens log in as: a login is an upsert, so a small pool is mostly the update path. */
export const USER_POOL = 1000;

export type Vendor = ProfileId;

let serial = 0;

/**
 * Claims that pass every check of the vendor's contract with a fresh time: its token factory's
 * (src/vendors/<id>/factory.ts), for one of USER_POOL users, plus a unique `jti` on every token:
 * vendors without a jti in their contract (Mojo, Zoho) recognise a replay by the signed content, so
 * two logins of one user in the same millisecond must still be two different tokens, as they would be
 * from an IdP whose JWT library adds a jti.
 */
export function claimsFor(vendor: Vendor, label: string): Record<string, unknown> {
  const n = ++serial;
  const user = n % USER_POOL;
  const jti = `bench-${RUN_ID}-${label}-${n}`;
  return { ...VENDORS[vendor].factory.passingClaims(Date.now(), { email: `user${user}@bench.example`, name: `Bench User ${user}` }, jti), jti };
}

/** One token, signed with jose as an IdP would: HS256, or the vendor's own header (its algorithm, a key id). */
export function signToken(claims: Record<string, unknown>, secret: string, header: Readonly<Record<string, unknown>> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header } as { alg: string }).sign(keyFor(secret));
}

/** `count` distinct tokens (unique jti, iat = now), minted before any request is sent. */
export async function mintTokens(vendor: Vendor, secret: string, count: number, label: string): Promise<string[]> {
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = await signToken(claimsFor(vendor, label), secret, VENDORS[vendor].factory.header);
  return out;
}
