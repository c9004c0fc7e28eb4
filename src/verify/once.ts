import type { TenantOptions } from '../config/schema';
import { pass, skip, type Check } from './verdict';

/**
 * Single-use values the receiver hands out when it starts a login itself (an OIDC `state` and
 * `nonce`, a DiscourseConnect `nonce`) and redeems when the credential comes back. The store keeps
 * them (issueOnce/redeemOnce), so they survive a restart and hold across replicas; the vendor says
 * where each comes back and words the verdict; the consume route redeems them once everything
 * else in the credential has passed, so a refused credential leaves its values unspent.
 */

/** What the store answers a redemption (the shape of store/contract.ts OnceAnswer; the pipeline does not import the store). */
export type OnceState =
  | { state: 'redeemed'; issuedAtMs: number; data: unknown }
  | { state: 'used'; usedAtMs: number }
  | { state: 'expired'; expiredAtMs: number }
  | { state: 'unknown' }
  /** Live, but issued to another browser than the one redeeming it (or this request has no browser cookie): left unspent. */
  | { state: 'other-browser'; issuedAtMs: number };

export interface OnceRedemption {
  /** What the value is for, as it was issued (`oidc-state`); values of two purposes never meet. */
  purpose: string;
  /** Where the consume request brings it back: a request parameter, or a field of the verified credential. */
  from: { param: string } | { claim: string };
  /** The check that reports it in the verdict. */
  check: string;
  /**
   * True when the value is bound to the browser that started the login (the starting route issued it
   * with `bindThisBrowser`): redeemed only by a request carrying that browser's cookie.
   */
  boundToBrowser?(options: TenantOptions): boolean;
}

/** One redemption at consume: the value brought back (null: absent) and the store's answer (null: nothing to redeem). */
export interface Redeemed {
  redemption: OnceRedemption;
  value: string | null;
  answer: OnceState | null;
}

export interface OnceInput {
  claims: Record<string, unknown>;
  nowMs: number;
  options: TenantOptions;
}

/** A vendor's single-use values: which it redeems at consume, and how the answers read as checks. */
export interface OnceValues {
  redeem: readonly [OnceRedemption, ...OnceRedemption[]];
  /** The checks for the answers, in the vendor's words (at least one per redemption, named by its `check`). */
  judge(redeemed: readonly Redeemed[], input: OnceInput): Check[];
  /**
   * The page the login was started from, when the vendor keeps it with the value it issued
   * (DiscourseConnect's return_path): the landing page, under the usual open-redirect rules. Null: the route's own.
   */
  landing?(redeemed: readonly Redeemed[]): string | null;
}

/** A dry run (check, the debugger's checker) redeems nothing: the value is left for the consume request. */
export function onceNotRedeemed(r: OnceRedemption): Check {
  return skip(r.check, `dry run: not redeemed; a consume request redeems this ${r.purpose} value once, if this receiver issued it`);
}

/** The replay check of a vendor whose single-use values stop a second use (no ledger key of its own). */
export function replayStoppedByOnceValues(values: OnceValues): Check {
  const names = values.redeem.map((r) => r.check).join(' and ');
  return pass('replay', `a second use is refused: ${names} were redeemed by this login and cannot be redeemed again`, { reason: 'spent' });
}
