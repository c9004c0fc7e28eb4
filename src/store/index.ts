import { ReceiverError } from '../errors';
import type { Identity } from '../profiles';
import { fail, pass, settle, type Verdict } from '../verify/verdict';
import { Attempts, type AttemptInput } from './attempts';
import { openDatabase, type Db } from './database';
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

export type LoginOutcome =
  | { ok: true; user: UserRow; attemptId: number }
  | { ok: false; attemptId: number | null };

/**
 * What a database error means for a login: anything but a replay refuses with store_unavailable.
 * Judged by the code, not `instanceof SqliteError`: the native addon keeps the class of the first
 * module instance that loaded it, which under jest's per-file registries is not this one.
 */
function isReplay(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export class Store {
  readonly db: Db;
  readonly ledger: ReplayLedger;
  readonly users: Users;
  readonly sessions: Sessions;
  readonly attempts: Attempts;
  readonly settings: Settings;
  private readonly loginTx;

  constructor(path: string, private readonly options: StoreOptions) {
    this.db = openDatabase(path, options.busyTimeoutMs);
    this.ledger = new ReplayLedger(this.db);
    this.users = new Users(this.db);
    this.sessions = new Sessions(this.db);
    this.attempts = new Attempts(this.db);
    this.settings = new Settings(this.db);
    // jti, user and session in one transaction: either the login happened and its jti is spent, or neither.
    this.loginTx = this.db.transaction((input: LoginInput) => {
      const { verdict } = input;
      if (verdict.replay) this.ledger.record(input.tenant, verdict.replay.key, input.atMs, verdict.replay.keepUntilMs);
      const user = this.users.upsert(input.tenant, input.identity, input.atMs);
      if (input.replacesSessionId) this.sessions.end(input.replacesSessionId);
      this.sessions.create(hashSessionId(input.sessionId), input.tenant, user.id, input.atMs, input.sessionTtlMs);
      const attemptId = this.attempts.record({ ...input, userId: user.id });
      return { user, attemptId };
    });
  }

  /**
   * Spends the token's replay key and logs the user in, all or nothing. Appends the `replay` check
   * to the verdict. A replay is an ordinary refusal; any other database failure throws
   * `store_unavailable`: nobody is logged in without the ledger.
   */
  login(input: LoginInput): LoginOutcome {
    const { verdict } = input;
    const replayCheck = pass('replay', replayPassMessage(verdict));
    verdict.checks.push(replayCheck);
    try {
      const { user, attemptId } = this.loginTx.immediate(input);
      return { ok: true, user, attemptId };
    } catch (err) {
      if (!isReplay(err) || !verdict.replay) {
        verdict.checks[verdict.checks.length - 1] = fail('replay', 'store_unavailable', `the login could not be recorded (${(err as Error).message}); refused rather than logged in without the replay ledger`);
        settle(verdict);
        throw new ReceiverError('store_unavailable', 'The service is temporarily unavailable', (err as Error).message);
      }
      const seen = this.ledger.lookup(input.tenant, verdict.replay.key);
      const ago = seen ? ` ${Math.round((input.atMs - seen.usedAt) / 1000)} s ago` : '';
      verdict.checks[verdict.checks.length - 1] = fail(
        'replay',
        'token_replayed',
        verdict.replay.kind === 'jti'
          ? `${verdict.replay.key.slice(4)} was already used${ago}; each login needs a fresh jti`
          : `this exact token was already used${ago}; mint a new one for each login`,
      );
      return { ok: false, attemptId: this.recordAttempt({ ...input, verdict: settle(verdict), userId: null }) };
    }
  }

  /** Records a refusal; a store that cannot record it must not turn the refusal into a 500. */
  recordAttempt(input: AttemptInput): number | null {
    try {
      return this.attempts.record(input);
    } catch {
      return null;
    }
  }

  /** Forgets what can no longer matter: spent keys past their window, ended sessions, old attempts. */
  housekeeping(nowMs: number, tenants: readonly string[]): { ledger: number; sessions: number; attempts: number } {
    const ledger = this.ledger.forgetExpired(nowMs);
    const sessions = this.sessions.forgetExpired(nowMs);
    const attempts = tenants.reduce((n, t) => n + this.attempts.keepNewest(t, this.options.attemptsPerTenant), 0);
    return { ledger, sessions, attempts };
  }

  close(): void {
    if (this.db.open) this.db.close();
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
export type { AttemptRow, AttemptInput } from './attempts';
