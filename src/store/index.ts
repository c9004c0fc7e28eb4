import { ReceiverError } from '../errors';
import type { Identity } from '../vendors';
import { fail, pass, settle, type Verdict } from '../verify/verdict';
import { Attempts, type AttemptInput } from './attempts';
import { clearLoginData } from './clear';
import { openDatabase, readOnlyReason, type Db } from './database';
import { GroupCommit, TransactionLost } from './group-commit';
import { ReplayLedger } from './ledger';
import { Sessions, hashSessionId } from './sessions';
import { Settings } from './settings';
import { Users, type UserRow } from './users';

export interface StoreOptions {
  busyTimeoutMs: number;
  attemptsPerTenant: number;
}

export interface LoginInput extends Omit<AttemptInput, 'userId'> {
  identity: Identity;
  sessionId: string;
  sessionTtlMs: number;
  /** The session cookie the browser arrived with: a login ends it rather than keep an id it was handed. */
  replacesSessionId?: string;
}

export type LoginOutcome = { ok: true; user: UserRow; attemptId: number } | { ok: false; attemptId: number };

/** SQLite said no (locked, read-only, full, I/O) or ended the transaction under a batch. */
function isDatabaseError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && code.startsWith('SQLITE_')) || err instanceof TransactionLost;
}

/**
 * A database error with the file named, so the API's 503 detail says which database refused (the
 * code stays, so its callers still recognise the error). A path is never a secret.
 */
function naming(path: string, err: unknown): unknown {
  if (isDatabaseError(err) && !(err as Error).message.includes(`(database ${path})`)) (err as Error).message += ` (database ${path})`;
  return err;
}

/** Rows removed by one housekeeping statement, so a large backlog never blocks requests for long. */
const HOUSEKEEPING_SLICE = 2000;

export class Store {
  readonly db: Db;
  readonly ledger: ReplayLedger;
  readonly users: Users;
  readonly sessions: Sessions;
  readonly attempts: Attempts;
  readonly settings: Settings;
  private readonly writes: GroupCommit;

  constructor(
    /** The SQLite file (or `:memory:`), named in every error. */
    readonly path: string,
    private readonly options: StoreOptions,
  ) {
    this.db = openDatabase(path, options.busyTimeoutMs);
    this.ledger = new ReplayLedger(this.db);
    this.users = new Users(this.db);
    this.sessions = new Sessions(this.db);
    this.attempts = new Attempts(this.db);
    this.settings = new Settings(this.db);
    this.writes = new GroupCommit(this.db);
  }

  /**
   * Spends the token's replay key and logs the user in: the ledger INSERT, the user upsert, the
   * session and the attempt in one transaction (shared with the other logins of this event-loop
   * turn, each in its own savepoint). Appends the `replay` check to the verdict. A replay is an
   * ordinary refusal, recorded in the same transaction; any database failure rejects with
   * `store_unavailable`: nobody is logged in without the ledger.
   */
  async login(input: LoginInput): Promise<LoginOutcome> {
    const { verdict } = input;
    verdict.checks.push(pass('replay', replayPassMessage(verdict)));
    try {
      return await this.writes.run(() => this.loginNow(input));
    } catch (err) {
      if (!isDatabaseError(err)) throw err; // a bug is a 500, not a pretend outage
      const reason = (err as Error).message;
      verdict.checks[verdict.checks.length - 1] = fail(
        'replay',
        'store_unavailable',
        `the login could not be recorded in ${this.path} (${reason}); refused rather than logged in without the replay ledger`,
      );
      settle(verdict);
      throw new ReceiverError('store_unavailable', 'The service is temporarily unavailable', `${reason} (database ${this.path})`);
    }
  }

  private loginNow(input: LoginInput): LoginOutcome {
    const { verdict } = input;
    const { replay } = verdict;
    if (replay && !this.ledger.spend(input.tenant, replay.key, input.atMs, replay.keepUntilMs)) {
      const seen = this.ledger.lookup(input.tenant, replay.key);
      const ago = seen ? ` ${Math.round((input.atMs - seen.usedAt) / 1000)} s ago` : '';
      verdict.checks[verdict.checks.length - 1] = fail(
        'replay',
        'token_replayed',
        replay.kind === 'jti' ? `${replay.key.slice(4)} was already used${ago}; each login needs a fresh jti` : `this exact token was already used${ago}; mint a new one for each login`,
      );
      return { ok: false, attemptId: this.attempts.record({ ...input, verdict: settle(verdict), userId: null }) };
    }
    const user = this.users.upsert(input.tenant, input.identity, input.atMs);
    if (input.replacesSessionId) this.sessions.end(input.replacesSessionId);
    const sessionHash = hashSessionId(input.sessionId);
    this.sessions.create(sessionHash, input.tenant, user.id, input.atMs, input.sessionTtlMs);
    return { ok: true, user, attemptId: this.attempts.record({ ...input, userId: user.id, sessionHash }) };
  }

  /** Records a refusal; a store that cannot record it must not turn the refusal into a 500. */
  async recordAttempt(input: AttemptInput): Promise<number | null> {
    try {
      return await this.writes.run(() => this.attempts.record(input));
    } catch {
      return null;
    }
  }

  /**
   * Forgets what can no longer matter: spent keys past their window, ended sessions, old attempts;
   * a slice at a time. `more` says a slice was full and another call has work to do.
   */
  housekeeping(nowMs: number, tenants: readonly string[], slice = HOUSEKEEPING_SLICE): { ledger: number; sessions: number; attempts: number; more: boolean } {
    const ledger = this.ledger.forgetExpired(nowMs, slice);
    const sessions = this.sessions.forgetExpired(nowMs, slice);
    const perTenant = tenants.map((t) => this.attempts.keepNewest(t, this.options.attemptsPerTenant, slice));
    const attempts = perTenant.reduce((n, c) => n + c, 0);
    const more = ledger === slice || sessions === slice || perTenant.some((c) => c === slice);
    return { ledger, sessions, attempts, more };
  }

  /**
   * Forgets the sessions, users, attempts and spent replay keys of one tenant (or of all), in one
   * transaction after the writes already queued. Settings (a generated secret) stay.
   */
  clear(tenant?: string): Promise<ReturnType<typeof clearLoginData>> {
    return this.writes.run(() => clearLoginData(this.db, tenant)).catch((err: unknown) => Promise.reject(naming(this.path, err)));
  }

  /** Why logins would be refused for want of write access (a read-only file), or null. */
  readOnlyReason(): string | null {
    return readOnlyReason(this.db);
  }

  close(): void {
    if (!this.db.open) return;
    this.writes.flush();
    this.db.close();
  }
}

function replayPassMessage(verdict: Verdict): string {
  if (!verdict.replay) return 'no replay key';
  const until = new Date(verdict.replay.keepUntilMs).toISOString();
  return verdict.replay.kind === 'jti'
    ? `jti not seen before; remembered until ${until}`
    : `first use of this token (no jti in this vendor's contract, so its signed content is the key); remembered until ${until}`;
}

export type { UserRow } from './users';
export type { SessionRow } from './sessions';
export type { AttemptRow, AttemptInput, AttemptRefs } from './attempts';
