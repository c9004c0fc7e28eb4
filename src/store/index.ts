import type { LedgerAnswer } from '../verify/replay';
import { AttemptEvents } from './attempt-events';
import { Attempts } from './attempts';
import { clearLoginData } from './clear';
import type { OnceAnswer, OnceValue, ReceiverStore, StoreHealth } from './contract';
import { openDatabase, type Db } from './database';
import { GroupCommit } from './group-commit';
import { ReplayLedger } from './ledger';
import { OnceValues } from './once';
import { searchAttempts, searchSessions, searchUsers, lastAttemptId } from './search';
import { Sessions, hashSessionId } from './sessions';
import { Settings } from './settings';
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
import { isDatabaseError, isReadOnlyError, storeUnavailable } from './unavailable';
import { Users } from './users';

export interface StoreOptions {
  busyTimeoutMs: number;
  attemptsPerTenant: number;
}

/** Rows removed by one housekeeping statement, so a large backlog never blocks requests for long. */
const HOUSEKEEPING_SLICE = 2000;

/**
 * The receiver's database. Its SQLite handle is its own: callers get plain records from its read
 * methods, and every write goes through the group commit (one transaction per event-loop turn),
 * so a refused write is `store_unavailable` (503) wherever it came from. `on('attempt')` hears
 * each attempt once it is committed.
 */
export class Store implements ReceiverStore {
  private readonly db: Db;
  private readonly ledger: ReplayLedger;
  private readonly users: Users;
  private readonly sessions: Sessions;
  private readonly attempts: Attempts;
  private readonly settings: Settings;
  private readonly once: OnceValues;
  private readonly writes: GroupCommit;
  private readonly events = new AttemptEvents();

  /** The SQLite file (or `:memory:`), named in every error. */
  readonly location: string;

  constructor(
    readonly path: string,
    private readonly options: StoreOptions,
  ) {
    this.location = path;
    this.db = openDatabase(path, options.busyTimeoutMs);
    this.ledger = new ReplayLedger(this.db);
    this.users = new Users(this.db);
    this.sessions = new Sessions(this.db);
    this.attempts = new Attempts(this.db);
    this.settings = new Settings(this.db);
    this.once = new OnceValues(this.db);
    this.writes = new GroupCommit(this.db);
  }

  // ---- writes: each one through the group commit, each failure a store_unavailable ----

  /**
   * Spends the token's replay key and logs the user in: the ledger INSERT, the user upsert, the
   * session and the attempt in one transaction (shared with the other logins of this event-loop
   * turn, each in its own savepoint). The verdict is recorded as given (its `replay` check already
   * worded for a first use). A key spent before is answered `replayed`, when and by which attempt,
   * and nothing is written: the caller words the refusal and records it. Any database failure
   * rejects with `store_unavailable`: nobody is logged in without the ledger.
   */
  async login(input: LoginInput): Promise<LoginOutcome> {
    let outcome: LoginOutcome;
    try {
      outcome = await this.writes.run(() => this.loginNow(input));
    } catch (err) {
      if (!isDatabaseError(err)) throw err; // a bug is a 500, not a pretend outage
      throw storeUnavailable(this.path, err);
    }
    if (outcome.ok) this.announce(outcome.attemptId);
    return outcome;
  }

  /** What the ledger says of a key now, without spending it (a dry run). */
  async replayState(tenant: string, key: string): Promise<LedgerAnswer> {
    return this.replayStateNow(tenant, key);
  }

  private replayStateNow(tenant: string, key: string): LedgerAnswer {
    const seen = this.ledger.lookup(tenant, key);
    return seen ? { state: 'replayed', usedAtMs: seen.usedAt, firstAttempt: this.attempts.firstSpender(tenant, key) ?? null } : { state: 'unspent' };
  }

  /** Records a refusal; a store that cannot record it must not turn the refusal into a 500 (null then). */
  async recordAttempt(input: AttemptInput): Promise<number | null> {
    let id: number;
    try {
      id = await this.writes.run(() => this.attempts.record(input));
    } catch {
      return null;
    }
    this.announce(id);
    return id;
  }

  /** Ends the session of a cookie value (a logout); false if there was none. */
  endSession(id: string): Promise<boolean> {
    return this.write(() => this.sessions.end(id));
  }

  /**
   * Forgets the sessions, users, attempts and spent replay keys of one tenant (or of all), in one
   * transaction after the writes already queued. Settings (a generated secret) stay.
   */
  clear(tenant?: string): Promise<Cleared> {
    return this.write(() => clearLoginData(this.db, tenant));
  }

  /**
   * Forgets what can no longer matter: spent keys past their window, ended sessions, old attempts;
   * a slice at a time. `more` says a slice was full and another call has work to do.
   */
  housekeeping(nowMs: number, tenants: readonly string[], slice = HOUSEKEEPING_SLICE): Promise<HousekeepingResult> {
    return this.write(() => {
      const ledger = this.ledger.forgetExpired(nowMs, slice);
      const sessions = this.sessions.forgetExpired(nowMs, slice);
      const perTenant = tenants.map((t) => this.attempts.keepNewest(t, this.options.attemptsPerTenant, slice));
      const attempts = perTenant.reduce((n, c) => n + c, 0);
      const once = this.once.forgetExpired(nowMs, slice);
      return { ledger, sessions, attempts, once, more: ledger === slice || sessions === slice || once === slice || perTenant.some((c) => c === slice) };
    });
  }

  /** Remembers a single-use value handed out (a nonce, an OIDC state) until it expires. */
  issueOnce(value: OnceValue): Promise<void> {
    return this.write(() => this.once.issue(value));
  }

  /** Redeems a single-use value at most once: `redeemed` the first time, then `used`; `expired`, `unknown`. */
  redeemOnce(tenant: string, purpose: string, value: string, nowMs: number): Promise<OnceAnswer> {
    return this.write(() => this.once.redeemNow(tenant, purpose, value, nowMs));
  }

  /** A stored setting, or `make()` stored now (a generated tenant secret); only a missing one is written. */
  async setting(key: string, make: () => string): Promise<string> {
    return this.settings.get(key) ?? this.write(() => this.settings.getOrCreate(key, make));
  }

  /**
   * Why logins would be refused for want of write access (a read-only file or connection), or null.
   * SQLite opens a file it may not write read-only without a word, and only the first login would
   * find out; a write that changes nothing asks now.
   */
  private readOnlyReason(): Promise<string | null> {
    return this.writes
      .run(() => this.db.exec('DELETE FROM schema_migrations WHERE 0'))
      .then(
        () => null,
        (err: unknown) => (isReadOnlyError(err) ? (err as Error).message : null),
      );
  }

  // ---- reads ----

  /** The live session of a cookie value (or Zoho access token) on `tenant` at `nowMs`. */
  async findSession(id: string, tenant: string, nowMs: number): Promise<SessionRow | undefined> {
    return this.sessions.find(id, tenant, nowMs);
  }

  /** A session by its stored hash, live or not (an attempt keeps the hash of the session it made). */
  async sessionByHash(idHash: string): Promise<SessionRow | undefined> {
    return this.sessions.getByHash(idHash);
  }

  /** Sessions live at `nowMs` (of one tenant or all), newest first, with their user's email. */
  async liveSessions(nowMs: number, tenant: string | null, limit: number): Promise<Array<SessionRow & Pick<SessionListRow, 'email'>>> {
    return this.sessions.listLive(nowMs, tenant, limit);
  }

  /** Sessions, oldest first; only those live at `liveAtMs` unless it is null. */
  async searchSessions(search: SessionSearch): Promise<SessionListRow[]> {
    return searchSessions(this.db, search);
  }

  async user(id: number): Promise<UserRow | undefined> {
    return this.users.get(id);
  }

  /** Users, oldest first. */
  async searchUsers(search: UserSearch = {}): Promise<UserRow[]> {
    return searchUsers(this.db, search);
  }

  /** One attempt with what it spent and made, or undefined (pruned, cleared, never recorded). */
  async attempt(id: number): Promise<(AttemptRow & AttemptRefs) | undefined> {
    return this.attempts.get(id);
  }

  /** Attempts, newest first unless `order` says otherwise. */
  async searchAttempts(search: AttemptSearch = {}): Promise<AttemptRow[]> {
    return searchAttempts(this.db, search);
  }

  /** The largest attempt id so far (0 for none): what "recorded after now" is measured from. */
  async lastAttemptId(): Promise<number> {
    return lastAttemptId(this.db);
  }

  /** The ledger row of a spent replay key, while the ledger keeps it. */
  async ledgerEntry(tenant: string, key: string): Promise<LedgerEntry | undefined> {
    return this.ledger.lookup(tenant, key);
  }

  /** How the store is doing: unreadable, read-only, or ok. */
  async health(): Promise<StoreHealth> {
    try {
      this.db.prepare('SELECT 1').get();
    } catch (err) {
      return { state: 'unavailable', reason: (err as Error).message, engine: 'sqlite', tables: null };
    }
    const readOnly = await this.readOnlyReason();
    return { state: readOnly ? 'read_only' : 'ok', reason: readOnly, engine: 'sqlite', tables: null };
  }

  // ---- events ----

  /** `listener` hears each attempt once its transaction committed (never one rolled back). */
  on(event: 'attempt', listener: AttemptListener): this {
    this.events.on(listener);
    return this;
  }

  off(event: 'attempt', listener: AttemptListener): this {
    this.events.off(listener);
    return this;
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.writes.flush();
    this.db.close();
  }

  private write<T>(work: () => T): Promise<T> {
    return this.writes.run(work).catch((err: unknown) => Promise.reject(isDatabaseError(err) ? storeUnavailable(this.path, err) : err));
  }

  private loginNow(input: LoginInput): LoginOutcome {
    const { replay } = input.verdict;
    if (replay && !this.ledger.spend(input.tenant, replay.key, input.atMs, replay.keepUntilMs)) {
      const answer = this.replayStateNow(input.tenant, replay.key);
      // Spent and pruned in the same instant cannot happen inside one transaction; kept total anyway.
      return { ok: false, replay: answer.state === 'replayed' ? answer : { state: 'replayed', usedAtMs: input.atMs, firstAttempt: null } };
    }
    const user = this.users.upsert(input.tenant, input.identity, input.atMs);
    if (input.replacesSessionId) this.sessions.end(input.replacesSessionId);
    const sessionHash = hashSessionId(input.sessionId);
    this.sessions.create(sessionHash, input.tenant, user.id, input.atMs, input.sessionTtlMs);
    return { ok: true, user, attemptId: this.attempts.record({ ...input, userId: user.id, sessionHash }) };
  }

  /**
   * Tells the listeners of a committed attempt, as the API would show it. Read back only when
   * someone listens (the hot path pays nothing); an attempt a clear in the same transaction
   * already removed was never visible, so nobody hears of it.
   */
  private announce(id: number): void {
    if (this.events.idle) return;
    const row = this.attempts.get(id);
    if (!row) return;
    const { replayKey: _key, sessionHash: _session, ...attempt } = row;
    this.events.emit(attempt);
  }
}

/** Opens the SQLite store at `path` (or `:memory:`); a file it cannot open is a StoreOpenError naming it. */
export async function openStore(path: string, options: StoreOptions): Promise<ReceiverStore> {
  return new Store(path, options);
}

export type * from './types';
export type { OnceAnswer, OnceValue, ReceiverStore, StoreHealth } from './contract';
