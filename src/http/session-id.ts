import { randomFillSync } from 'node:crypto';
import { sessionIdPrefix } from '../store/sessions';

/** Session ids one refill of the pool yields: one call into OpenSSL per 128 logins, not one per login. */
const IDS_PER_REFILL = 128;
const ID_BYTES = 32;

const pool = Buffer.alloc(IDS_PER_REFILL * ID_BYTES);
let next = pool.length;

/**
 * The value of a session cookie (or Zoho access token) made at `nowMs`: its creation time (see
 * sessionIdPrefix: the store keeps sessions in the order they were made) and 256 random bits.
 */
export function newSessionId(nowMs: number): string {
  return sessionIdPrefix(nowMs) + randomToken();
}

/**
 * 256 random bits, base64url. The bytes come from the CSPRNG as randomBytes(32)'s do, drawn 4 KiB
 * at a time: randomBytes(32) cost ~5 µs a call, this ~0.1 µs. Each slice is used once, then
 * overwritten by the next refill.
 */
export function randomToken(): string {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const id = pool.toString('base64url', next, next + ID_BYTES);
  next += ID_BYTES;
  return id;
}
