import type { AttemptInput, LoginInput } from './types';
import type { ReplayKey, Verdict } from '../verify/verdict';

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * What a store keeps of a verdict: its parts as the JSON text the attempts table holds, and what
 * the ledger and the user need. Made on the server's thread before a login crosses to SQLite's
 * worker, so the worker neither rebuilds the nested checks from the structured clone nor
 * stringifies them again (~1.3 µs a login in `bench/store-cpu.ts`; PostgreSQL's rows use it too).
 */
export interface StoredVerdict {
  accepted: boolean;
  code: string | null;
  checks: string;
  header: string | null;
  claims: string | null;
  email: string | null;
  replay: ReplayKey | null;
}

/** An input with its verdict in the stored form. */
export type WithStoredVerdict<T extends { verdict: Verdict }> = Omit<T, 'verdict'> & { verdict: StoredVerdict };
export type StoredAttempt = WithStoredVerdict<AttemptInput>;
export type StoredLogin = WithStoredVerdict<LoginInput>;

/** A login's or an attempt's input as it crosses to the store's thread: the same, its verdict stored. */
export function withStoredVerdict<T extends { verdict: Verdict }>(input: T): WithStoredVerdict<T> {
  return { ...input, verdict: storedVerdict(input.verdict) };
}

export function storedVerdict(verdict: Verdict): StoredVerdict {
  return {
    accepted: verdict.accepted,
    code: verdict.code,
    checks: JSON.stringify(verdict.checks),
    header: json(verdict.header),
    claims: json(verdict.claims),
    email: verdict.identity?.email ?? null,
    replay: verdict.replay,
  };
}
