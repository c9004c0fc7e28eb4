import type { Identity } from '../vendors';
import type { LedgerAnswer } from '../verify/replay';
import type { Verdict } from '../verify/verdict';

/**
 * The records the store takes and gives: plain data, no SQLite type, so the store can move behind
 * an asynchronous interface (another thread or process) without its callers changing shape.
 * Times are the receiver clock's, in ms since the epoch.
 */

export interface UserRow {
  id: number;
  tenant: string;
  identityKey: string;
  email: string;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  externalId: string | null;
  /** JSON text of the vendor attributes the last login carried (Zendesk role, tags, ...). */
  attributes: string | null;
  loginCount: number;
  createdAt: number;
  lastLoginAt: number;
}

export interface SessionRow {
  idHash: string;
  tenant: string;
  userId: number;
  createdAt: number;
  expiresAt: number;
}

/** A session as the lists show it: with its user's email, never its id or hash. */
export interface SessionListRow {
  tenant: string;
  userId: number;
  email: string;
  createdAt: number;
  expiresAt: number;
}

/** What is recorded of one consume request: the verdict, never the token, its signature or a secret. */
export interface AttemptInput {
  tenant: string;
  atMs: number;
  route: string;
  verdict: Verdict;
  userId: number | null;
  clientIp: string | null;
  referer: string | null;
  /** The hash of the session an accepted login created (sessions.id_hash). */
  sessionHash?: string | null;
}

export interface AttemptRow {
  id: number;
  tenant: string;
  at: number;
  route: string;
  accepted: boolean;
  code: string | null;
  checks: unknown;
  header: unknown;
  claims: unknown;
  email: string | null;
  userId: number | null;
  clientIp: string | null;
  referer: string | null;
}

/** What an attempt spent and made: its replay-ledger key and the hash of the session it created. */
export interface AttemptRefs {
  replayKey: string | null;
  sessionHash: string | null;
}

/** Which attempts to list; every field given narrows the list. */
export interface AttemptSearch {
  tenant?: string;
  /** Compared lower-cased, as the receiver stores addresses. */
  email?: string;
  accepted?: boolean;
  /** A stable error code; `null` means accepted attempts (no code). */
  code?: string | null;
  /** Recorded at or after this instant. */
  sinceMs?: number;
  /** Only attempts with a larger id (recorded later). */
  afterId?: number;
  limit?: number;
  /** `newest` (the default) lists the latest first; `oldest` the earliest first. */
  order?: 'newest' | 'oldest';
}

export interface UserSearch {
  tenant?: string;
  email?: string;
}

export interface SessionSearch {
  tenant?: string;
  email?: string;
  /** Only sessions live at this instant; null lists expired ones (not yet pruned) too. */
  liveAtMs: number | null;
}

/** A spent replay key: when it was used, and until when the ledger keeps it. */
export interface LedgerEntry {
  usedAt: number;
  keepUntil: number;
}

export interface LoginInput extends Omit<AttemptInput, 'userId'> {
  identity: Identity;
  sessionId: string;
  sessionTtlMs: number;
  /** The session cookie the browser arrived with: a login ends it rather than keep an id it was handed. */
  replacesSessionId?: string;
}

/**
 * A login: the user it counted (read with `user(id)`) and its attempt; or the key's earlier use when
 * it was spent before (nothing written then). The user's id, not its row: nothing on the login's path
 * reads the row, and building it and sending it across from the store's thread cost ~4 µs a login
 * (`bench/store-cpu.ts`).
 */
export type LoginOutcome = { ok: true; userId: number; attemptId: number } | { ok: false; replay: Extract<LedgerAnswer, { state: 'replayed' }> };

/** Rows a clear removed, per table. */
export interface Cleared {
  sessions: number;
  users: number;
  attempts: number;
  replay_ledger: number;
  once_values: number;
}

/** Rows one housekeeping pass removed; `more`: a slice was full (or free pages remain past a vacuum's limit), so another pass has work to do. */
export interface HousekeepingResult {
  ledger: number;
  sessions: number;
  attempts: number;
  /** Single-use values (nonces, states) past their expiry. */
  once: number;
  /** Free pages given back to the file system (SQLite's incremental vacuum); absent where the engine has none. */
  vacuumedPages?: number;
  more: boolean;
}

/** Called once per attempt, after the transaction that recorded it committed. */
export type AttemptListener = (attempt: AttemptRow) => void;
