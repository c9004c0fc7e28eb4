import type { Worker } from 'node:worker_threads';
import type { LedgerAnswer } from '../verify/replay';
import { AttemptEvents } from './attempt-events';
import type { OnceAnswer, OncePeek, OnceValue, ReceiverStore, StoreHealth } from './contract';
import { StoreOpenError, storeOpenError } from './open-error';
import { SpentKeys } from './spent-keys';
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
import { storeUnavailable } from './unavailable';
import { uncrossError, type CrossedError, type StoreReply, type StoreRequest, type WorkerOptions } from './worker-protocol';
import { startStoreWorker } from './worker-thread';
import { withStoredVerdict, type StoredAttempt, type StoredLogin } from './stored-verdict';

/** How long health() waits for the worker before saying the store is busy (the route must answer within 50 ms). */
const HEALTH_WAIT_MS = 30;

/**
 * Requests a turn posts before the rest of the turn's: the worker starts committing them while this
 * thread verifies the others. With the whole turn in one message (10 connections send their next
 * logins together), the two threads took turns, each idle while the other worked: the receiver used
 * 1.05 cores of 2. In an A/B bench 3 gave +6 % req/s at 10 connections and +22 % at 50.
 */
const PIPELINE_BATCH = 3;

/** health()'s reason when the worker is late (a held write lock is reported by the worker, in other words). */
const LATE_REASON = `the store did not answer within ${HEALTH_WAIT_MS} ms: its thread is busy with earlier work (a long statement, a burst of requests) or the machine is loaded; no write lock is known`;

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * The SQLite store as the server sees it: every call a message to the worker thread that owns the
 * connection (src/store/worker.ts), so the event loop never runs a statement or waits for a lock.
 * A database error comes back as `store_unavailable` (503) naming the file; a worker that died
 * fails every call the same way.
 */
export class SqliteStore implements ReceiverStore {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly events = new AttemptEvents();
  private readonly spent = new SpentKeys();
  private listening = false;
  /** Why the worker is gone (it exited or crashed); set, every call fails with it. */
  private gone: Error | undefined;
  private closing: Promise<void> | undefined;
  /** Requests made during this turn of the event loop, posted together at its end (one message, one wake-up of the worker). */
  private outbox: StoreRequest[] = [];
  private readonly post = () => this.postOutbox();

  private constructor(
    readonly location: string,
    private readonly worker: Worker,
  ) {
    worker.on('message', (replies: StoreReply[]) => {
      for (const reply of replies) this.receive(reply);
    });
    worker.on('error', (err) => this.lose(err));
    worker.on('exit', (code) => this.lose(new Error(`the store's worker thread stopped (exit code ${code})`)));
    worker.unref(); // ref'd only while a call is pending, so a forgotten store does not hold the process
  }

  /** Starts the worker and opens the database there; a file it cannot open rejects with a StoreOpenError naming it. */
  static open(options: WorkerOptions): Promise<SqliteStore> {
    const worker = startStoreWorker(options);
    return new Promise<SqliteStore>((resolve, reject) => {
      const fail = (err: unknown) => {
        void worker.terminate();
        reject(storeOpenError(options.path, err));
      };
      worker.once('error', fail);
      worker.once('message', (message: StoreReply) => {
        worker.off('error', fail);
        if ('openFailed' in message) {
          const { reason, hint, cause } = message.openFailed;
          void worker.terminate();
          return reject(new StoreOpenError(options.path, reason, hint, { cause: uncrossError(cause) }));
        }
        resolve(new SqliteStore(options.path, worker));
      });
    });
  }

  // ---- writes ----

  /** A key the ledger already answered `replayed` is refused here, without the worker (spent-keys.ts). */
  async login(input: LoginInput): Promise<LoginOutcome> {
    const { replay } = input.verdict;
    const known = replay && this.spent.answer(input.tenant, replay.key);
    if (known) return { ok: false, replay: known };
    const outcome = await this.call<LoginOutcome>('login', [withStoredVerdict(input) satisfies StoredLogin]);
    if (replay && !outcome.ok) this.spent.remember(input.tenant, replay.key, outcome.replay);
    return outcome;
  }

  /** A refusal the store could not record must not become a 500: null then. */
  async recordAttempt(input: AttemptInput): Promise<number | null> {
    return this.call<number>('recordAttempt', [withStoredVerdict(input) satisfies StoredAttempt]).catch(() => null);
  }

  endSession(id: string): Promise<boolean> {
    return this.call('endSession', [id]);
  }

  async clear(tenant?: string): Promise<Cleared> {
    this.spent.forgetAll(); // before: a replay answered meanwhile goes to the ledger
    return this.call<Cleared>('clear', [tenant]).finally(() => this.spent.forgetAll());
  }

  async housekeeping(nowMs: number, tenants: readonly string[], slice?: number): Promise<HousekeepingResult> {
    const done = await this.call<HousekeepingResult>('housekeeping', [nowMs, tenants, slice]);
    // A pruned key could be spent again, a pruned attempt is no longer "first used by attempt K".
    if (done.ledger > 0 || done.attempts > 0) this.spent.forgetAll();
    return done;
  }

  /** Read first (no write for a stored one); `make()` runs here, its value is stored unless another process won. */
  async setting(key: string, make: () => string): Promise<string> {
    return (await this.call<string | undefined>('setting', [key])) ?? this.call('settingOrCreate', [key, make()]);
  }

  issueOnce(value: OnceValue): Promise<void> {
    return this.call('issueOnce', [value]);
  }

  redeemOnce(tenant: string, purpose: string, value: string, nowMs: number): Promise<OnceAnswer> {
    return this.call('redeemOnce', [tenant, purpose, value, nowMs]);
  }

  onceState(tenant: string, purpose: string, value: string, nowMs: number): Promise<OncePeek> {
    return this.call('onceState', [tenant, purpose, value, nowMs]);
  }

  // ---- reads ----

  replayState(tenant: string, key: string): Promise<LedgerAnswer> {
    return this.call('replayState', [tenant, key]);
  }

  ledgerEntry(tenant: string, key: string): Promise<LedgerEntry | undefined> {
    return this.call('ledgerEntry', [tenant, key]);
  }

  findSession(id: string, tenant: string, nowMs: number): Promise<SessionRow | undefined> {
    return this.call('findSession', [id, tenant, nowMs]);
  }

  sessionByHash(idHash: string): Promise<SessionRow | undefined> {
    return this.call('sessionByHash', [idHash]);
  }

  liveSessions(nowMs: number, tenant: string | null, limit: number): Promise<Array<SessionRow & Pick<SessionListRow, 'email'>>> {
    return this.call('liveSessions', [nowMs, tenant, limit]);
  }

  searchSessions(search: SessionSearch): Promise<SessionListRow[]> {
    return this.call('searchSessions', [search]);
  }

  user(id: number): Promise<UserRow | undefined> {
    return this.call('user', [id]);
  }

  searchUsers(search: UserSearch = {}): Promise<UserRow[]> {
    return this.call('searchUsers', [search]);
  }

  attempt(id: number): Promise<(AttemptRow & AttemptRefs) | undefined> {
    return this.call('attempt', [id]);
  }

  searchAttempts(search: AttemptSearch = {}): Promise<AttemptRow[]> {
    return this.call('searchAttempts', [search]);
  }

  lastAttemptId(): Promise<number> {
    return this.call('lastAttemptId', []);
  }

  /**
   * The worker's answer, or `busy` if it has not answered within HEALTH_WAIT_MS: the health route
   * answers promptly whatever the database is doing. A late answer is not a lock: the worker waits
   * for another connection's write lock without blocking and says so itself; it is late when earlier
   * work holds its thread (a housekeeping slice, a burst of requests) or the machine is loaded, and
   * the reason says no more than that.
   */
  async health(): Promise<StoreHealth> {
    if (this.gone) return { state: 'unavailable', reason: this.gone.message, engine: 'sqlite', tables: null };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<StoreHealth>((resolve) => {
      timer = setTimeout(() => resolve({ state: 'busy', reason: LATE_REASON, engine: 'sqlite', tables: null }), HEALTH_WAIT_MS);
    });
    const answered = this.call<StoreHealth>('health', []).catch((err: unknown): StoreHealth => ({
      state: 'unavailable',
      reason: (err as Error).message,
      engine: 'sqlite',
      tables: null,
    }));
    try {
      return await Promise.race([answered, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** For tests that fake a fault: sets (or reads) query_only, max_page_count or page_count on the worker's connection. */
  pragmaForTests(name: 'query_only' | 'max_page_count' | 'page_count', value?: number): Promise<number> {
    return this.call('pragma', [name, value]);
  }

  // ---- events and life ----

  on(_event: 'attempt', listener: AttemptListener): this {
    this.events.on(listener);
    this.listen();
    return this;
  }

  off(_event: 'attempt', listener: AttemptListener): this {
    this.events.off(listener);
    this.listen();
    return this;
  }

  close(): Promise<void> {
    this.closing ??= this.gone
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.worker.once('exit', () => resolve());
          this.worker.ref();
          // Every earlier reply came before this one (one port, in order): nothing is lost by ending the thread now.
          const end = () => void this.worker.terminate();
          this.call('close', []).then(end, end);
        });
    return this.closing;
  }

  /** Tells the worker whether to read committed attempts back (only when someone listens). */
  private listen(): void {
    const on = !this.events.idle;
    if (on === this.listening || this.gone) return;
    this.listening = on;
    this.call('listen', [on]).catch(() => undefined);
  }

  private call<T>(op: string, args: unknown[]): Promise<T> {
    if (this.gone) return Promise.reject(storeUnavailable(this.location, this.gone));
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const queued = this.outbox.push({ id, op, args });
      if (queued === 1) setImmediate(this.post);
      else if (queued === PIPELINE_BATCH) this.postOutbox();
    });
  }

  /**
   * One message for the requests of a turn, or for each PIPELINE_BATCH of them: a message costs a
   * wake-up of the other thread and an event on each side (~20 µs of CPU in all), several times what
   * cloning a login's input costs.
   */
  private postOutbox(): void {
    const requests = this.outbox;
    if (requests.length === 0) return; // posted early, when the batch filled up
    this.outbox = [];
    if (!this.gone) this.worker.postMessage(requests);
  }

  private receive(message: StoreReply): void {
    if ('event' in message) return this.events.emit(message.row as AttemptRow);
    if (!('id' in message)) return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0 && !this.closing) this.worker.unref(); // closing: held until the worker exits
    if (message.ok) pending.resolve(message.value);
    else pending.reject(this.failure(message.error));
  }

  /** A database error is the store being unavailable (503 naming the file); anything else stays a bug (500). */
  private failure(crossed: CrossedError): Error {
    const error = uncrossError(crossed);
    return crossed.kind === 'db' ? storeUnavailable(this.location, error) : error;
  }

  private lose(err: Error): void {
    this.gone ??= err;
    this.worker.unref();
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(storeUnavailable(this.location, this.gone));
    }
  }
}
