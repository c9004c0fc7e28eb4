import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
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

export type Vendor = 'happyfox' | 'mojo';


let serial = 0;

/**
 * Claims that pass every check of the vendor's profile, with a fresh iat. HappyFox: iat, a unique
 * jti, email, name. Mojo (no jti in its contract; a replay is recognised by the signed content):
 * iat, email, first_name, last_name, plus a unique `jti` so that two logins of one user in the same
 * second are two different tokens, as they would be from an IdP whose JWT library adds a jti.
 */
export function claimsFor(vendor: Vendor, label: string): Record<string, unknown> {
  const n = ++serial;
  const user = n % USER_POOL;
  const iat = Math.floor(Date.now() / 1000);
  const jti = `bench-${RUN_ID}-${label}-${n}`;
  return vendor === 'happyfox'
    ? { iat, jti, email: `user${user}@bench.example`, name: `Bench User ${user}` }
    : { iat, jti, email: `user${user}@bench.example`, first_name: 'Bench', last_name: `User ${user}` };
}

/** One HS256 token, signed with jose as an IdP would. */
export function signToken(claims: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(keyFor(secret));
}

/** `count` distinct tokens (unique jti, iat = now), minted before any request is sent. */
export async function mintTokens(vendor: Vendor, secret: string, count: number, label: string): Promise<string[]> {
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = await signToken(claimsFor(vendor, label), secret);
  return out;
}
