import { randomBytes } from 'node:crypto';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import type { LedgerAnswer } from '../../verify/replay';
import { AttemptEvents } from '../attempt-events';
import type { OnceAnswer, OncePeek, OnceValue, ReceiverStore, StoreHealth } from '../contract';
import { hashSessionId } from '../sessions';
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
} from '../types';
import { storeUnavailable } from '../unavailable';
import { attemptChannel, RemoteAttempts } from './events';
import { readHealth } from './health';
import { clearAll, housekeep } from './housekeeping';
import { migrate } from './migrate';
import { openFailure, type OpenStep } from './open-failure';
import { poolConfig, resolveOptions, type PostgresStoreOptions, type ResolvedOptions } from './options';
import { attemptColumns, attemptRow, attemptValues, loginValues, parseAttempt } from './rows';
import { attemptsQuery, sessionsQuery, usersQuery, type Query } from './search';
import { statements, type Statements } from './sql';

/** Rows removed by one housekeeping statement, as on SQLite. */
const HOUSEKEEPING_SLICE = 2000;

/** Our own mistakes, not the database's: these stay errors (a 500), never a pretend outage. */
const isBug = (err: unknown): boolean => err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError;

/** A once_values row as onceFind reads it. */
interface OnceRow {
  issuedAt: number;
  usedAt: number | null;
  expiresAt: number;
  data: string | null;
}

/**
 * The receiver's store on PostgreSQL, shared by any number of replicas: each statement decides on
 * the server (the replay ledger's primary key, one UPDATE for a single-use value, an advisory lock
 * for housekeeping), never by reading first. Every database failure (down, unreachable, read-only,
 * out of connections, past the statement timeout) rejects with the same `store_unavailable` (503)
 * as the SQLite store: nothing is accepted without the ledger. Open it with `openPostgresStore`.
 */
export class PostgresStore implements ReceiverStore {
  readonly location: string;
  readonly schema: string;
  private readonly pool: Pool;
  /** One connection of its own for health, so health answers while the pool is exhausted. */
  private readonly probe: Pool;
  private readonly st: Statements;
  private readonly events = new AttemptEvents();
  private readonly remote: RemoteAttempts | null;
  /** Tags this store's notifications, so it does not hear its own attempts twice. */
  private readonly id = randomBytes(6).toString('base64url');
  private readonly channel: string | null;
  private closed = false;

  constructor(private readonly options: ResolvedOptions) {
    this.location = options.location;
    this.schema = options.schema;
    this.st = statements(options.schema);
    this.pool = new Pool(poolConfig(options));
    this.probe = new Pool({ ...poolConfig(options, 1), connectionTimeoutMillis: Math.min(options.connectTimeoutMs, 2000), statement_timeout: 2000 });
    // An idle connection the server dropped is reported here; unheard, it would end the process.
    this.pool.on('error', () => undefined);
    this.probe.on('error', () => undefined);
    this.channel = options.shareEvents ? attemptChannel(options.schema) : null;
    this.remote = this.channel ? new RemoteAttempts(poolConfig(options), this.channel, this.id, (id) => this.heardRemote(id)) : null;
  }

  // ---- writes ----

  async login(input: LoginInput): Promise<LoginOutcome> {
    const sessionHash = hashSessionId(input.sessionId);
    const attempt = attemptColumns({ ...input, userId: null, sessionHash });
    const key = input.verdict.replay;
    const values = [
      ...loginValues(input, sessionHash, input.replacesSessionId ? hashSessionId(input.replacesSessionId) : null, attempt),
      this.channel,
      this.id,
    ];
    // The user's id and the attempt's, as the SQLite store answers (types.ts LoginOutcome: nothing reads the user's row).
    const result = await this.query<{ userId: number; attemptId: number }>({ text: key ? this.st.loginWithKey : this.st.loginWithoutKey, values });
    const row = result[0];
    if (!row) {
      // The key was spent: by now the spender committed (our insert waited for it), so this sees it.
      const answer = await this.replayState(input.tenant, key!.key);
      return { ok: false, replay: answer.state === 'replayed' ? answer : { state: 'replayed', usedAtMs: input.atMs, firstAttempt: null } };
    }
    const { userId, attemptId } = row;
    this.announce(attemptRow(attemptId, { ...attempt, userId }));
    return { ok: true, userId, attemptId };
  }

  async recordAttempt(input: AttemptInput): Promise<number | null> {
    const columns = attemptColumns(input);
    let id: number;
    try {
      const rows = await this.query<{ id: number }>({ text: this.st.recordAttempt, values: [...attemptValues(columns), this.channel, this.id] });
      id = rows[0]!.id;
    } catch {
      return null; // a refusal the store cannot record is still a refusal, never a 500
    }
    this.announce(attemptRow(id, columns));
    return id;
  }

  async endSession(id: string): Promise<boolean> {
    return (await this.count({ text: this.st.endSession, values: [hashSessionId(id)] })) > 0;
  }

  clear(tenant?: string): Promise<Cleared> {
    return this.transaction((c) => clearAll(c, this.st, tenant));
  }

  housekeeping(nowMs: number, tenants: readonly string[], slice = HOUSEKEEPING_SLICE): Promise<HousekeepingResult> {
    const { attemptsPerTenant: keepAttempts, sessionsPerTenant: keepSessions } = this.options;
    return this.transaction((c) => housekeep(c, this.st, this.schema, { nowMs, tenants, slice, keepAttempts, keepSessions }));
  }

  async setting(key: string, make: () => string): Promise<string> {
    const found = await this.query<{ value: string }>({ text: this.st.settingGet, values: [key] });
    if (found[0]) return found[0].value;
    const inserted = await this.query<{ value: string }>({ text: this.st.settingInsert, values: [key, make()] });
    if (inserted[0]) return inserted[0].value;
    // Another replica inserted first (ours waited for its commit): a new statement sees its value.
    const winner = await this.query<{ value: string }>({ text: this.st.settingGet, values: [key] });
    return winner[0]!.value;
  }

  async issueOnce(v: OnceValue): Promise<void> {
    const data = v.data === undefined ? null : JSON.stringify(v.data);
    await this.query({ text: this.st.onceIssue, values: [v.tenant, v.purpose, v.value, v.issuedAtMs, v.expiresAtMs, data] });
  }

  async redeemOnce(tenant: string, purpose: string, value: string, nowMs: number): Promise<OnceAnswer> {
    const [row] = await this.query<{ issuedAt: number; data: string | null }>({ text: this.st.onceRedeem, values: [tenant, purpose, value, nowMs] });
    if (row) return { state: 'redeemed', issuedAtMs: row.issuedAt, data: row.data === null ? null : JSON.parse(row.data) };
    const [seen] = await this.query<OnceRow>({ text: this.st.onceFind, values: [tenant, purpose, value] });
    if (!seen) return { state: 'unknown' };
    if (seen.usedAt !== null) return { state: 'used', usedAtMs: seen.usedAt };
    return { state: 'expired', expiredAtMs: seen.expiresAt };
  }

  async onceState(tenant: string, purpose: string, value: string, nowMs: number): Promise<OncePeek> {
    const [seen] = await this.query<OnceRow>({ text: this.st.onceFind, values: [tenant, purpose, value] });
    if (!seen) return { state: 'unknown' };
    if (seen.usedAt !== null) return { state: 'used', usedAtMs: seen.usedAt };
    if (seen.expiresAt <= nowMs) return { state: 'expired', expiredAtMs: seen.expiresAt };
    return { state: 'live', issuedAtMs: seen.issuedAt, data: seen.data === null ? null : JSON.parse(seen.data) };
  }

  // ---- reads ----

  async replayState(tenant: string, key: string): Promise<LedgerAnswer> {
    const [row] = await this.query<{ usedAt: number; firstAttempt: number | null }>({ text: this.st.replayState, values: [tenant, key] });
    return row ? { state: 'replayed', usedAtMs: row.usedAt, firstAttempt: row.firstAttempt } : { state: 'unspent' };
  }

  async ledgerEntry(tenant: string, key: string): Promise<LedgerEntry | undefined> {
    return (await this.query<LedgerEntry>({ text: this.st.ledgerEntry, values: [tenant, key] }))[0];
  }

  async findSession(id: string, tenant: string, nowMs: number): Promise<SessionRow | undefined> {
    return (await this.query<SessionRow>({ text: this.st.findSession, values: [hashSessionId(id), tenant, nowMs] }))[0];
  }

  async sessionByHash(idHash: string): Promise<SessionRow | undefined> {
    return (await this.query<SessionRow>({ text: this.st.sessionByHash, values: [idHash] }))[0];
  }

  liveSessions(nowMs: number, tenant: string | null, limit: number): Promise<Array<SessionRow & Pick<SessionListRow, 'email'>>> {
    return this.query({ text: this.st.liveSessions, values: [nowMs, tenant, limit] });
  }

  searchSessions(search: SessionSearch): Promise<SessionListRow[]> {
    return this.query(sessionsQuery(this.st, search));
  }

  async user(id: number): Promise<UserRow | undefined> {
    return (await this.query<UserRow>({ text: this.st.user, values: [id] }))[0];
  }

  searchUsers(search: UserSearch = {}): Promise<UserRow[]> {
    return this.query(usersQuery(this.st, search));
  }

  async attempt(id: number): Promise<(AttemptRow & AttemptRefs) | undefined> {
    const [row] = await this.query<Record<string, unknown>>({ text: this.st.attempt, values: [id] });
    return row ? (parseAttempt(row) as unknown as AttemptRow & AttemptRefs) : undefined;
  }

  async searchAttempts(search: AttemptSearch = {}): Promise<AttemptRow[]> {
    return (await this.query<Record<string, unknown>>(attemptsQuery(this.st, search))).map(parseAttempt);
  }

  async lastAttemptId(): Promise<number> {
    return (await this.query<{ id: number }>({ text: this.st.lastAttemptId, values: [] }))[0]!.id;
  }

  health(): Promise<StoreHealth> {
    return readHealth(this.probe, this.pool, this.st, this.schema, this.options.poolSize);
  }

  // ---- events and life ----

  on(_event: 'attempt', listener: AttemptListener): this {
    this.events.on(listener);
    return this;
  }

  off(_event: 'attempt', listener: AttemptListener): this {
    this.events.off(listener);
    return this;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.remote?.stop();
    await Promise.all([this.pool.end(), this.probe.end()]);
  }

  /** Migrates (under the lock) and checks the server answers; any failure is a StoreOpenError. */
  async open(): Promise<this> {
    let step: OpenStep = 'connect';
    try {
      await this.pool.query('SELECT 1');
      step = 'migrate';
      await migrate(this.pool, this.schema);
      step = 'listen';
      await this.remote?.start();
      return this;
    } catch (err) {
      await this.close();
      throw openFailure(this.location, step, err);
    }
  }

  // ---- helpers ----

  /** One statement on a pooled connection; a database failure becomes `store_unavailable`. */
  private async query<T extends QueryResultRow>(q: Query): Promise<T[]> {
    try {
      return (await this.pool.query<T>(q.text, q.values)).rows;
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  private async count(q: Query): Promise<number> {
    try {
      return (await this.pool.query(q.text, q.values)).rowCount ?? 0;
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  /** BEGIN, `work`, COMMIT on one connection; any failure rolls back and becomes `store_unavailable`. */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.unavailable(err);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      broken = err as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.unavailable(err);
    } finally {
      // A connection that failed mid-transaction may be dead: destroy it rather than hand it out again.
      client.release(broken);
    }
  }

  private unavailable(err: unknown): unknown {
    return isBug(err) ? err : storeUnavailable(this.location, err);
  }

  private announce(row: AttemptRow): void {
    if (!this.events.idle) this.events.emit(row);
  }

  /** Reads another replica's attempt and tells the listeners, in the order the notifications came. */
  private remoteQueue: Promise<void> = Promise.resolve();
  private heardRemote(id: number): void {
    if (this.events.idle) return; // nobody listens here: no read-back
    this.remoteQueue = this.remoteQueue.then(async () => {
      const row = await this.attempt(id).catch(() => undefined);
      if (!row || this.events.idle) return;
      const { replayKey: _key, sessionHash: _session, ...attempt } = row;
      this.events.emit(attempt);
    });
  }
}

/** Connects, migrates under the advisory lock, and hands back the store. */
export function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  return new PostgresStore(resolveOptions(options)).open();
}
