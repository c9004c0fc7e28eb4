import { randomBytes } from 'node:crypto';
import type { AppDeps } from './state';

/**
 * Hands out a single-use value for a login the receiver starts (an OIDC `state` or `nonce`, a
 * DiscourseConnect `nonce`): random, remembered in the store until `lifetimeMs` has passed with the
 * `data` it must be redeemed with. The consume route redeems it (the vendor contract's `once`).
 */
export async function issueOnceValue(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  tenant: string,
  purpose: string,
  lifetimeMs: number,
  data?: unknown,
): Promise<string> {
  // 128 bits, hex: what Discourse's SecureRandom.hex makes, and safe in any query string.
  const value = randomBytes(16).toString('hex');
  const issuedAtMs = deps.clock.nowMs();
  await deps.store.issueOnce({ tenant, purpose, value, issuedAtMs, expiresAtMs: issuedAtMs + lifetimeMs, data });
  return value;
}
