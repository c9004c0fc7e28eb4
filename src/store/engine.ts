import type { LedgerAnswer } from '../verify/replay';
import { Attempts } from './attempts';
import { clearLoginData } from './clear';
import type { OnceAnswer, OncePeek, OnceValue, StoreHealth } from './contract';
import { openDatabase, type Db } from './database';
import { Checkpointer } from './checkpointer';
import { GroupCommit } from './group-commit';
import { ReplayLedger } from './ledger';
import { OnceValues } from './once';
import { searchAttempts, searchSessions, searchUsers, lastAttemptId } from './search';
import { Sessions, hashSessionId } from './sessions';
import type { StoredAttempt, StoredLogin } from './stored-verdict';
import { Settings } from './settings';
import { isBusyError, isReadOnlyError } from './sqlite-errors';
import { TableStats } from './table-stats';
import { IncrementalVacuum } from './vacuum';
import type {
  AttemptRefs,
  AttemptRow,
  AttemptSearch,
  Cleared,
  HousekeepingResult,
  LedgerEntry,
  LoginOutcome,
  SessionListRow,
  SessionRow,
  SessionSearch,
  UserRow,
  UserSearch,
} from './types';
import { Users } from './users';

export interface StoreOptions {
  busyTimeoutMs: number;
  attemptsPerTenant: number;
  /** Sessions kept per tenant, newest first (default: as many as attempts). */
  sessionsPerTenant?: number;
}

/**
 * Free pages one housekeeping pass gives back to the file system (1 MiB of 4 KiB pages): moving pages
 * is the slowest part of a pass, and the worker serves no login meanwhile.
 */
const VACUUM_PAGES = 256;

/**
 * Rows removed by one housekeeping statement, so a large backlog never blocks the worker for long.
 * Every login waits behind a pass: with 1000 (a pass of 1000 sessions and 1000 attempts, ~12 ms,
 * sometimes 40) a flood longer than the housekeeping interval had a login p99 of 11 ms against 4.5
 * without passes; with 250, 7 ms, for the same CPU. A smaller slice removes fewer rows a second
 * while a flood lasts (the backlog goes once it ends): 100 removed half as many as 250.
 */
const HOUSEKEEPING_SLICE = 250;

/** Trims tenant after tenant until `slice` rows went in all: the rows removed. */
function trimInTurn(tenants: readonly string[], slice: number, trim: (tenant: string, limit: number) => number): number {
  let removed = 0;
  for (const tenant of tenants) {
    if (removed >= slice) break;
    removed += trim(tenant, slice - removed);
  }
  return removed;
}

/**
 * The SQLite engine: the one owner of the connection, run inside the store's worker thread (never
 * on the server's event loop). Reads answer at once; writes go through the group commit (one
 * transaction per turn of the worker's loop), which waits for another process's write lock without
 * blocking the thread. Errors are SQLite's own: the worker reports them and the main thread turns
 * them into `store_unavailable`.
 */
export class SqliteEngine {
  private readonly db: Db;
  private readonly ledger: ReplayLedger;
  private readonly users: Users;
  private readonly sessions: Sessions;
  private readonly attempts: Attempts;
  private readonly settings: Settings;
  private readonly once: OnceValues;
  private readonly writes: GroupCommit;
  private readonly stats: TableStats;
  private readonly vacuum: IncrementalVacuum;
  /** Null for `:memory:`, which has no WAL. */
  private readonly checkpointer: Checkpointer | null;

  constructor(
    /** The SQLite file (or `:memory:`). */
    readonly path: string,
    private readonly options: StoreOptions,
  ) {
    this.db = openDatabase(path, options.busyTimeoutMs);
    // From here on no statement waits for a lock inside SQLite: the group commit waits between tries.
    this.db.pragma('busy_timeout = 0');
    // Statement journals (each login's savepoint in the group commit) in memory, not in a temporary
    // file opened, written and unlinked every few commits: 17% fewer writes per login, no open/unlink.
    // Set after openDatabase, whose one-time VACUUM of an old file must not copy it into memory.
    this.db.pragma('temp_store = MEMORY');
    this.ledger = new ReplayLedger(this.db);
    this.users = new Users(this.db);
    this.sessions = new Sessions(this.db);
    this.attempts = new Attempts(this.db);
    this.settings = new Settings(this.db);
    this.once = new OnceValues(this.db);
    const checkpointer = path === ':memory:' ? null : new Checkpointer(path);
    this.checkpointer = checkpointer;
    this.writes = new GroupCommit(this.db, options.busyTimeoutMs, checkpointer ? () => checkpointer.committed() : undefined);
    this.stats = new TableStats(this.db);
    this.stats.count(); // at open, where waiting is expected: health never has to count a large file inline
    this.vacuum = new IncrementalVacuum(this.db);
  }

  // ---- writes: each one through the group commit ----

  /**
   * Spends the token's replay key and logs the user in: the ledger INSERT, the user upsert, the
   * session and the attempt in one transaction (shared with the other logins of this turn, each in
   * its own savepoint). A key spent before is answered `replayed`, when and by which attempt, and
   * nothing is written.
   */
  login(input: StoredLogin): Promise<LoginOutcome> {
    return this.writes.run(() => this.loginNow(input));
  }

  recordAttempt(input: StoredAttempt): Promise<number> {
    return this.writes.run(() => this.attempts.record(input));
  }

  endSession(id: string): Promise<boolean> {
    return this.writes.run(() => this.sessions.end(id));
  }

  /** Forgets the login data of one tenant (or of all) in one transaction after the writes already queued. */
  clear(tenant?: string): Promise<Cleared> {
    return this.writes.run(() => clearLoginData(this.db, tenant));
  }

  /** Forgets what can no longer matter, a slice at a time; `more`: a slice was full. */
  housekeeping(nowMs: number, tenants: readonly string[], slice = HOUSEKEEPING_SLICE): Promise<HousekeepingResult> {
    return this.writes.run(() => {
      const ledger = this.ledger.forgetExpired(nowMs, slice);
      const expired = this.sessions.forgetExpired(nowMs, slice);
      const keepSessions = this.options.sessionsPerTenant ?? this.options.attemptsPerTenant;
      // One slice for all tenants together, not one each: a pass takes as long with 13 tenants over
      // their bound as with one (each of 4 flooded tenants losing a slice made passes of ~150 ms).
      const surplus = trimInTurn(tenants, slice, (t, limit) => this.sessions.keepNewest(t, keepSessions, limit));
      const attempts = trimInTurn(tenants, slice, (t, limit) => this.attempts.keepNewest(t, this.options.attemptsPerTenant, limit));
      const once = this.once.forgetExpired(nowMs, slice);
      const full = [ledger, expired, once, surplus, attempts].some((c) => c === slice);
      // The pages those rows held go back to the file system once the backlog of rows is gone, so the
      // file follows its rows. Not before: while a flood keeps the backlog, the next logins reuse free
      // pages, and vacuuming moved the file's newest pages into them only for the flood to grow it again
      // (~540 pages moved a pass, a third of its time).
      const vacuum = full ? { freed: 0, more: false } : this.vacuum.run(VACUUM_PAGES);
      return { ledger, sessions: expired + surplus, attempts, once, vacuumedPages: vacuum.freed, more: full || vacuum.more };
    });
  }

  issueOnce(value: OnceValue): Promise<void> {
    return this.writes.run(() => this.once.issue(value));
  }

  redeemOnce(tenant: string, purpose: string, value: string, nowMs: number): Promise<OnceAnswer> {
    return this.writes.run(() => this.once.redeemNow(tenant, purpose, value, nowMs));
  }

  onceState(tenant: string, purpose: string, value: string, nowMs: number): OncePeek {
    return this.once.peek(tenant, purpose, value, nowMs);
  }

  /** The stored setting, or `value` stored now; two processes racing both read the winner's. */
  settingOrCreate(key: string, value: string): Promise<string> {
    return this.writes.run(() => this.settings.getOrCreate(key, () => value));
  }

  // ---- reads ----

  setting(key: string): string | undefined {
    return this.settings.get(key);
  }

  replayState(tenant: string, key: string): LedgerAnswer {
    const seen = this.ledger.lookup(tenant, key);
    return seen ? { state: 'replayed', usedAtMs: seen.usedAt, firstAttempt: this.ledger.firstSpender(tenant, key) ?? null } : { state: 'unspent' };
  }

  ledgerEntry(tenant: string, key: string): LedgerEntry | undefined {
    return this.ledger.lookup(tenant, key);
  }

  findSession(id: string, tenant: string, nowMs: number): SessionRow | undefined {
    return this.sessions.find(id, tenant, nowMs);
  }

  sessionByHash(idHash: string): SessionRow | undefined {
    return this.sessions.getByHash(idHash);
  }

  liveSessions(nowMs: number, tenant: string | null, limit: number): Array<SessionRow & Pick<SessionListRow, 'email'>> {
    return this.sessions.listLive(nowMs, tenant, limit);
  }

  searchSessions(search: SessionSearch): SessionListRow[] {
    return searchSessions(this.db, search);
  }

  user(id: number): UserRow | undefined {
    return this.users.get(id);
  }

  searchUsers(search: UserSearch = {}): UserRow[] {
    return searchUsers(this.db, search);
  }

  attempt(id: number): (AttemptRow & AttemptRefs) | undefined {
    return this.attempts.get(id);
  }

  searchAttempts(search: AttemptSearch = {}): AttemptRow[] {
    return searchAttempts(this.db, search);
  }

  lastAttemptId(): number {
    return lastAttemptId(this.db);
  }

  /** A committed attempt as listeners hear it (without its refs), or undefined if a clear removed it. */
  announced(id: number): AttemptRow | undefined {
    const row = this.attempts.get(id);
    if (!row) return undefined;
    const { replayKey: _key, sessionHash: _session, ...attempt } = row;
    return attempt;
  }

  /**
   * How the store is doing now, without waiting for anything: `busy` while the queued writes wait
   * for another connection's lock (or a probe finds it held), `read_only` when a write that changes
   * nothing is refused, `unavailable` when a read fails.
   */
  health(): StoreHealth {
    const base = { engine: 'sqlite' as const, tables: null };
    const since = this.writes.waitingSinceMs;
    if (since !== null) return { ...base, state: 'busy', reason: `another connection holds the write lock (writes waiting ${Date.now() - since} ms)` };
    try {
      this.db.prepare('SELECT 1').get();
    } catch (err) {
      return { ...base, state: 'unavailable', reason: (err as Error).message };
    }
    // SQLite opens a file it may not write read-only without a word: a write that changes nothing asks.
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        this.db.exec('DELETE FROM schema_migrations WHERE 0');
      } finally {
        this.db.exec('ROLLBACK');
      }
    } catch (err) {
      if (isBusyError(err)) return { ...base, state: 'busy', reason: `another connection holds the write lock (${(err as Error).message})` };
      if (isReadOnlyError(err)) return { ...base, state: 'read_only', reason: (err as Error).message, tables: this.stats.now() };
      return { ...base, state: 'unavailable', reason: (err as Error).message };
    }
    return { ...base, state: 'ok', reason: null, tables: this.stats.now() };
  }

  /** Finishes queued writes (waiting for a lock up to the busy timeout: the worker may block now) and closes. */
  close(): void {
    if (!this.db.open) return;
    this.db.pragma(`busy_timeout = ${this.options.busyTimeoutMs}`);
    this.writes.flush();
    this.checkpointer?.close();
    this.db.close();
  }

  /** A connection setting, for tests that fake a fault (query_only: a read-only file; max_page_count: a full disk). */
  pragma(name: 'query_only' | 'max_page_count' | 'page_count', value?: number): number {
    if (value !== undefined) this.db.pragma(`${name} = ${Math.trunc(value)}`);
    return this.db.pragma(name, { simple: true }) as number;
  }

  private loginNow(input: StoredLogin): LoginOutcome {
    const { replay } = input.verdict;
    const spenderId = replay ? this.ledger.spend(input.tenant, replay.key, input.atMs, replay.keepUntilMs) : undefined;
    if (replay && spenderId === undefined) {
      const answer = this.replayState(input.tenant, replay.key);
      // Spent and pruned in the same instant cannot happen inside one transaction; kept total anyway.
      return { ok: false, replay: answer.state === 'replayed' ? answer : { state: 'replayed', usedAtMs: input.atMs, firstAttempt: null } };
    }
    const userId = this.users.upsert(input.tenant, input.identity, input.atMs);
    if (input.replacesSessionId) this.sessions.end(input.replacesSessionId);
    const sessionHash = hashSessionId(input.sessionId);
    this.sessions.create(sessionHash, input.tenant, userId, input.atMs, input.sessionTtlMs);
    // The id the ledger row already names as its spender (ReplayLedger.spend).
    const attemptId = this.attempts.record({ ...input, userId, sessionHash }, spenderId);
    return { ok: true, userId, attemptId };
  }
}
