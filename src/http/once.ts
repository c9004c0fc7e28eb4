import { createHash, randomBytes } from 'node:crypto';
import type { OncePeek } from '../store';
import type { OnceState } from '../verify/once';
import type { AppDeps, ReceiverContext } from './state';
import { newSessionId } from './session-id';

/**
 * What the store keeps for a single-use value: the vendor's data, and the browser it was issued to
 * (the SHA-256 of that browser's cookie, never the cookie) or null when the value is not bound.
 */
interface Kept {
  browser: string | null;
  data: unknown;
}

/** Values issued before the envelope existed carry the vendor's data bare. */
function unwrap(stored: unknown): Kept {
  if (stored !== null && typeof stored === 'object' && 'browser' in stored && 'data' in stored) return stored as Kept;
  return { browser: null, data: stored };
}

/**
 * One cookie per tenant naming the browser that started a login (Discourse keeps its nonce in the
 * browser's server session): set when the receiver issues a value bound to it. Path as the session
 * cookie's, so the consume route of the same tenant reads it.
 */
export function browserCookieName(tenantId: string): string {
  return `hjr_browser_${tenantId}`;
}

const hashOf = (cookie: string): string => createHash('sha256').update(cookie).digest('base64url');

/** The request's browser, as its hashed cookie; null without one (an IdP calling from a server, another browser). */
export function requestBrowser(ctx: ReceiverContext): string | null {
  const cookie = ctx.cookies.get(browserCookieName(ctx.state.tenant.id));
  return cookie ? hashOf(cookie) : null;
}

/** This browser, hashed; a new cookie (256 random bits) when it has none yet. */
export function bindThisBrowser(ctx: ReceiverContext): string {
  const name = browserCookieName(ctx.state.tenant.id);
  let cookie = ctx.cookies.get(name);
  if (!cookie) {
    cookie = newSessionId();
    ctx.cookies.set(name, cookie, {
      httpOnly: true,
      // Lax: the IdP's redirect back is a top-level GET, which carries it.
      sameSite: 'lax',
      secure: ctx.secure,
      path: ctx.state.tenant.id === 'default' ? '/' : ctx.state.basePath,
      overwrite: true,
    });
  }
  return hashOf(cookie);
}

/**
 * Hands out a single-use value for a login the receiver starts (an OIDC `state` or `nonce`, a
 * DiscourseConnect `nonce`): random, remembered in the store until `lifetimeMs` has passed with the
 * `data` it must be redeemed with, and bound to `browser` (from `bindThisBrowser`) when given. The
 * consume route redeems it (the vendor contract's `once`).
 */
export async function issueOnceValue(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  tenant: string,
  purpose: string,
  lifetimeMs: number,
  data?: unknown,
  browser?: string,
): Promise<string> {
  // 128 bits, hex: what Discourse's SecureRandom.hex makes, and safe in any query string.
  const value = randomBytes(16).toString('hex');
  const issuedAtMs = deps.clock.nowMs();
  const kept: Kept = { browser: browser ?? null, data: data ?? null };
  await deps.store.issueOnce({ tenant, purpose, value, issuedAtMs, expiresAtMs: issuedAtMs + lifetimeMs, data: kept });
  return value;
}

/**
 * Redeems a value at consume. One bound to a browser is read first: while it is live, a request
 * from another browser (or none) is answered `other-browser` and the value stays for the browser it
 * was issued to, as Discourse leaves a nonce in the session of the browser that asked for it.
 */
export async function redeemOnceValue(
  ctx: ReceiverContext,
  deps: Pick<AppDeps, 'store'>,
  where: { purpose: string; value: string; nowMs: number; bound: boolean },
): Promise<OnceState> {
  const { tenant } = ctx.state;
  if (where.bound) {
    const peek: OncePeek = await deps.store.onceState(tenant.id, where.purpose, where.value, where.nowMs);
    if (peek.state === 'live' && unwrap(peek.data).browser !== requestBrowser(ctx)) return { state: 'other-browser', issuedAtMs: peek.issuedAtMs };
  }
  const answer = await deps.store.redeemOnce(tenant.id, where.purpose, where.value, where.nowMs);
  return answer.state === 'redeemed' ? { ...answer, data: unwrap(answer.data).data } : answer;
}
