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

export type Vendor = 'happyfox' | 'mojo' | 'deskpro' | 'zendesk' | 'zoho-asap';

let serial = 0;

/**
 * Claims that pass every check of the vendor's profile, with a fresh time. HappyFox: iat, a unique
 * jti, email, name. Mojo (no jti in its contract; a replay is recognised by the signed content):
 * iat, email, first_name, last_name, plus a unique `jti` so that two logins of one user in the same
 * second are two different tokens, as they would be from an IdP whose JWT library adds a jti.
 * Deskpro: its user `id` (one per user), email, name, iat, exp (iat + 300), jti. Zendesk: iat, jti,
 * email, name. Zoho ASAP: email, email_verified, not_before / not_after in MILLISECONDS (now, now +
 * 300000), plus a unique `jti` (Zoho keys replay on the signed content, like Mojo).
 */
export function claimsFor(vendor: Vendor, label: string): Record<string, unknown> {
  const n = ++serial;
  const user = n % USER_POOL;
  const nowMs = Date.now();
  const iat = Math.floor(nowMs / 1000);
  const jti = `bench-${RUN_ID}-${label}-${n}`;
  const email = `user${user}@bench.example`;
  switch (vendor) {
    case 'happyfox':
      return { iat, jti, email, name: `Bench User ${user}` };
    case 'mojo':
      return { iat, jti, email, first_name: 'Bench', last_name: `User ${user}` };
    case 'deskpro':
      return { id: user + 1, email, name: `Bench User ${user}`, iat, exp: iat + 300, jti };
    case 'zendesk':
      return { iat, jti, email, name: `Bench User ${user}` };
    case 'zoho-asap':
      return { email, email_verified: true, not_before: nowMs, not_after: nowMs + 300_000, jti };
  }
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
