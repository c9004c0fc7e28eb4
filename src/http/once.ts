import { createHash, randomBytes } from 'node:crypto';
import type { OncePeek } from '../store';
import type { OnceRedemption, OnceState, OnceValues, Redeemed } from '../verify/once';
import type { Check, OnceNote } from '../verify/verdict';
import type { AppDeps, ReceiverContext } from './state';
import { randomToken } from './session-id';

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
    cookie = randomToken();
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

/** What a store answer says of the value, as a check's `once` note. */
function noteOf(r: Redeemed): OnceNote {
  const { purpose } = r.redemption;
  const a = r.answer;
  if (r.value === null || a === null) return { purpose, value: null, outcome: 'missing' };
  switch (a.state) {
    case 'redeemed':
      return { purpose, value: r.value, outcome: 'redeemed', issuedAt: a.issuedAtMs };
    case 'used':
      return { purpose, value: r.value, outcome: 'used', usedAt: a.usedAtMs };
    case 'expired':
      return { purpose, value: r.value, outcome: 'expired', expiredAt: a.expiredAtMs };
    case 'other-browser':
      return { purpose, value: r.value, outcome: 'other_browser', issuedAt: a.issuedAtMs };
    case 'unknown':
      return { purpose, value: r.value, outcome: 'unknown' };
  }
}

/** Puts each redemption's note on the first check that reports it (the vendor's judge named it `check`). */
function annotate(checks: readonly Check[], notes: ReadonlyArray<{ check: string; note: OnceNote }>): void {
  for (const { check, note } of notes) {
    const target = checks.find((c) => c.name === check && c.once === undefined);
    if (!target) continue;
    // Spent by the store but judged too old by the vendor (DiscourseConnect's lifetime is shorter than the store keeps it).
    target.once = target.status === 'fail' && target.reason === 'expired' && note.outcome === 'redeemed' ? { ...note, outcome: 'expired' } : note;
  }
}

/** Where a redemption's value comes back: a request parameter (read once) or a field of the verified credential. */
export type ValueSource = { param(name: string): string | undefined; claims: Record<string, unknown> };

function valueOf(r: OnceRedemption, from: ValueSource): string | null {
  const given = 'param' in r.from ? from.param(r.from.param) : from.claims[r.from.claim];
  return typeof given === 'string' && given !== '' ? given : null;
}

/**
 * Redeems each value of the vendor's `once` and has the vendor judge the answers; the checks it
 * returns carry, each, the note of its value (the debugger shows what became of it).
 */
export async function redeemAndJudge(
  ctx: ReceiverContext,
  deps: Pick<AppDeps, 'store'>,
  once: OnceValues,
  from: ValueSource,
  nowMs: number,
): Promise<{ redeemed: Redeemed[]; judged: Check[] }> {
  const { options } = ctx.state.tenant;
  const redeemed: Redeemed[] = [];
  for (const redemption of once.redeem) {
    const value = valueOf(redemption, from);
    const bound = redemption.boundToBrowser?.(options) === true;
    const answer = value === null ? null : await redeemOnceValue(ctx, deps, { purpose: redemption.purpose, value, nowMs, bound });
    redeemed.push({ redemption, value, answer });
  }
  const judged = once.judge(redeemed, { claims: from.claims, nowMs, options });
  annotate(
    judged,
    redeemed.map((r) => ({ check: r.redemption.check, note: noteOf(r) })),
  );
  return { redeemed, judged };
}

/**
 * A login refused before its values' turn: the pipeline's `not redeemed` checks say so in consume's
 * words and carry the value brought back, which stays for the corrected credential.
 */
export function noteUnredeemed(checks: Check[], once: OnceValues, from: ValueSource): void {
  for (const r of once.redeem) {
    const at = checks.findIndex((c) => c.name === r.check && c.status === 'skip');
    if (at < 0) continue;
    const value = valueOf(r, from);
    checks[at] = {
      ...(checks[at] as Check),
      message: `not redeemed: the login was refused before its turn, so this ${r.purpose} value (if this receiver issued it) stays for the corrected credential`,
      once: { purpose: r.purpose, value, outcome: value === null ? 'missing' : 'not_redeemed' },
    };
  }
}
