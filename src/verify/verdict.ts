import type { ErrorCode } from '../errors';
import type { Identity } from '../profiles';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** One named rule applied to a token, with the numbers in its message. */
export interface Check {
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

export const pass = (name: string, message: string): Check => ({ name, status: 'pass', message });
export const warn = (name: string, message: string): Check => ({ name, status: 'warn', message });
export const skip = (name: string, message: string): Check => ({ name, status: 'skip', message });
export const fail = (name: string, code: ErrorCode, message: string): Check => ({ name, status: 'fail', code, message });

export function firstFailure(checks: readonly Check[]): Check | undefined {
  return checks.find((c) => c.status === 'fail');
}

/** Sets accepted and code from the checks: the first failing check decides. */
export function settle(verdict: Verdict): Verdict {
  const failure = firstFailure(verdict.checks);
  verdict.accepted = !failure;
  verdict.code = failure?.code ?? null;
  return verdict;
}
