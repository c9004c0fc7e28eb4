import type { ErrorCode } from '../errors';
import type { Identity } from '../vendors';
import { CHECK_STATUSES, FINDINGS, ONCE_OUTCOMES, REASONS, UNITS } from './check-fields';

export { FINDINGS, REASONS, UNITS };

export type CheckStatus = (typeof CHECK_STATUSES)[number];

export type Finding = (typeof FINDINGS)[number];

/** What a check adds beside its sentence when it recognised the mistake. */
export interface Diagnosis {
  finding?: Finding;
  /** How to fix it, with one-liners for the common IdP languages (src/verify/hints.ts). */
  hint?: string;
}

export type Reason = (typeof REASONS)[number];

export type Unit = (typeof UNITS)[number];

export type OnceOutcome = (typeof ONCE_OUTCOMES)[number];

/** The single-use value a check is about: its purpose, the value the request brought back, and what became of it. */
export interface OnceNote {
  purpose: string;
  /** Null when the request brought none back. */
  value: string | null;
  outcome: OnceOutcome;
  /** When the receiver issued it (redeemed, other_browser), when it was first used (used), when it expired (expired). */
  issuedAt?: number;
  usedAt?: number;
  expiredAt?: number;
}

/**
 * The numbers and names of a check beside its sentence: `actual` compared with `limit`, both in
 * `unit`. `actual` keeps the claim's JSON type (a boolean stays a boolean, an array an array).
 */
export interface CheckFields {
  /** The claim the check is about (`iat`, `not_after`, `jti`). */
  claim?: string;
  reason?: Reason;
  actual?: unknown;
  limit?: number;
  unit?: Unit;
  /** Replay: the attempt that first spent the key, when still recorded (null: pruned or cleared). */
  firstAttempt?: number | null;
  /** A single-use value the receiver issued when it started the login: what this request brought back and what became of it. */
  once?: OnceNote;
}

/** What a helper takes beside the sentence: the diagnosis and the fields. */
export type CheckDetail = Diagnosis & CheckFields;

/** One named rule applied to a token, with the numbers in its message and in its fields. */
export interface Check extends Diagnosis, CheckFields {
  name: string;
  status: CheckStatus;
  message: string;
  /** Set on a failing check: the stable code it refuses with. */
  code?: ErrorCode;
}

export interface ReplayKey {
  kind: 'jti' | 'content';
  key: string;
  /** After this instant no token carrying the key could be accepted, so the ledger may forget it. */
  keepUntilMs: number;
}

/** The ordered checks for one token, the first failure's code, and the vendor's own message. */
export interface Verdict {
  accepted: boolean;
  code: ErrorCode | null;
  /** What the vendor shows for this refusal (its documented words where there are any). */
  message: string | null;
  checks: Check[];
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  identity: Identity | null;
  replay: ReplayKey | null;
  /** Which of the tenant's secrets verified the signature (0 is the first). */
  secretIndex: number | null;
}

export const pass = (name: string, message: string, detail?: CheckDetail): Check => ({ name, status: 'pass', message, ...detail });
export const warn = (name: string, message: string, detail?: CheckDetail): Check => ({ name, status: 'warn', message, ...detail });
export const skip = (name: string, message: string, detail?: CheckDetail): Check => ({ name, status: 'skip', message, ...detail });
export const fail = (name: string, code: ErrorCode, message: string, detail?: CheckDetail): Check => ({ name, status: 'fail', code, message, ...detail });

export function firstFailure(checks: readonly Check[]): Check | undefined {
  return checks.find((c) => c.status === 'fail');
}

/** The vendor's words for a failed check, where they depend on it (src/verify/contract.ts Profile.message). */
export type Wording = (failed: Check, code: ErrorCode) => string;

/**
 * The one place a verdict's outcome is fixed: accepted and code from the first failing check, and
 * the vendor's message for it. Called again whenever a check is appended (the replay check).
 */
export function finish(verdict: Verdict, words: Wording): Verdict {
  const failure = firstFailure(verdict.checks);
  verdict.accepted = !failure;
  verdict.code = failure?.code ?? null;
  verdict.message = failure?.code ? words(failure, failure.code) : null;
  return verdict;
}
