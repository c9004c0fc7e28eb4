import type { LedgerAnswer } from '../verify/replay';
import type {
  AttemptInput,
  AttemptListener,
  AttemptRefs,
  AttemptRow,
  AttemptSearch,
  Cleared,
  HousekeepingResult,
  LedgerEntry,
  LoginInput,
  LoginOutcome,
  SessionListRow,
  SessionRow,
  SessionSearch,
  UserRow,
  UserSearch,
} from './types';

/**
 * The one interface the engine (consume, portal, vendor routes, inspection API, library,
 * housekeeping) uses to reach a store. Every method is asynchronous and speaks plain records, so
 * an engine can run off the event loop (SQLite in a worker thread) or in another process
 * (PostgreSQL shared by several replicas) without its callers changing. No engine's types appear
 * here. Every failure of the database itself rejects with `store_unavailable` (503): nothing is
 * accepted without the ledger.
 */
export interface ReceiverStore {
  /** Where the data lives, safe to print: a file path, `:memory:`, or a URL without its password. */
  readonly location: string;

  // ---- writes ----

  /**
   * Spends the verdict's replay key and logs the user in, atomically: the ledger insert, the user
   * upsert, the session and the attempt commit together or not at all. A key spent before (by any
   * replica) is answered `replayed`, and nothing is written.
   */
  login(input: LoginInput): Promise<LoginOutcome>;
  /** Records a refusal; null when the store could not (a refusal never becomes a 500). */
  recordAttempt(input: AttemptInput): Promise<number | null>;
  /** Ends the session of a cookie value (or access token); false if there was none. */
  endSession(id: string): Promise<boolean>;
  /** Forgets sessions, users, attempts, spent keys and single-use values of one tenant or all. */
  clear(tenant?: string): Promise<Cleared>;
  /** Prunes what can no longer matter, a slice at a time; `more` says another pass has work. */
  housekeeping(nowMs: number, tenants: readonly string[], slice?: number): Promise<HousekeepingResult>;
  /** A stored setting, or `make()` stored now; created once even when several callers race. */
  setting(key: string, make: () => string): Promise<string>;

  /**
   * Remembers a single-use value the receiver handed out (a nonce, an OIDC `state`, a
   * DiscourseConnect nonce) until `expiresAtMs`, with the data it must be redeemed with.
   */
  issueOnce(value: OnceValue): Promise<void>;
  /**
   * Redeems a single-use value at most once, across replicas: `redeemed` (with its data) the first
   * time, `used` after that (while remembered), `expired` past its time, `unknown` if never issued.
   */
  redeemOnce(tenant: string, purpose: string, value: string, nowMs: number): Promise<OnceAnswer>;
  /**
   * What a redemption would find, without spending the value: `live` (with its data) while unused
   * and unexpired. Consume reads it first for a value bound to a browser, so another browser's
   * attempt leaves it for the one it was issued to.
   */
  onceState(tenant: string, purpose: string, value: string, nowMs: number): Promise<OncePeek>;

  // ---- reads ----

  /** What the ledger says of a key now, without spending it (a dry run). */
  replayState(tenant: string, key: string): Promise<LedgerAnswer>;
  ledgerEntry(tenant: string, key: string): Promise<LedgerEntry | undefined>;
  findSession(id: string, tenant: string, nowMs: number): Promise<SessionRow | undefined>;
  sessionByHash(idHash: string): Promise<SessionRow | undefined>;
  liveSessions(nowMs: number, tenant: string | null, limit: number): Promise<Array<SessionRow & Pick<SessionListRow, 'email'>>>;
  searchSessions(search: SessionSearch): Promise<SessionListRow[]>;
  user(id: number): Promise<UserRow | undefined>;
  searchUsers(search?: UserSearch): Promise<UserRow[]>;
  attempt(id: number): Promise<(AttemptRow & AttemptRefs) | undefined>;
  searchAttempts(search?: AttemptSearch): Promise<AttemptRow[]>;
  lastAttemptId(): Promise<number>;

  /** How the store is doing, answered promptly even while the database is locked or gone. */
  health(): Promise<StoreHealth>;

  // ---- events and life ----

  /** `listener` hears each attempt once its transaction committed (never one rolled back). */
  on(event: 'attempt', listener: AttemptListener): this;
  off(event: 'attempt', listener: AttemptListener): this;
  /** Finishes queued writes and releases the database. */
  close(): Promise<void>;
}

/** A single-use value and what it must be redeemed with. */
export interface OnceValue {
  tenant: string;
  /** What it is for (`oidc-state`, `discourse-nonce`, ...): values of two purposes never meet. */
  purpose: string;
  value: string;
  issuedAtMs: number;
  expiresAtMs: number;
  /** JSON-able data carried to the redemption (the nonce an OIDC state was issued with, a return URL). */
  data?: unknown;
}

export type OnceAnswer =
  | { state: 'redeemed'; issuedAtMs: number; data: unknown }
  | { state: 'used'; usedAtMs: number }
  | { state: 'expired'; expiredAtMs: number }
  | { state: 'unknown' };

/** A single-use value as it stands, read without redeeming it. */
export type OncePeek = { state: 'live'; issuedAtMs: number; data: unknown } | Exclude<OnceAnswer, { state: 'redeemed' }>;

/** The store's state as `/_receiver/health` reports it. */
export interface StoreHealth {
  /**
   * `ok`; `busy` (another connection holds the write lock, no pooled connection is free, or the
   * store did not answer in time: `reason` says which); `read_only`; `unavailable` (cannot be read).
   */
  state: 'ok' | 'busy' | 'read_only' | 'unavailable';
  /** The engine's reason when not ok, else null. */
  reason: string | null;
  engine: 'sqlite' | 'postgres';
  /** Rows and bytes per table, when the engine can say cheaply (null while busy or unavailable). */
  tables: Record<string, { rows: number; bytes: number | null }> | null;
}
