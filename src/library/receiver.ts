import { Clock } from '../clock';
import { startServer } from '../server';
import { lastAttemptId, searchAttempts, searchSessions, searchUsers } from '../store/search';
import { receiverClock, type ReceiverClock } from './clock';
import { receiverConfig, type StartReceiverOptions } from './options';
import { attemptSearch, toAttempt, toSession, toUser, type Attempt, type AttemptFilter, type Session, type SessionFilter, type User, type UserFilter } from './records';
import { AttemptWaiters, DEFAULT_WAIT_MS } from './wait';

/** A receiver running inside a test process: its URLs, what it recorded, and its clock. */
export interface Receiver {
  /** The `default` tenant's base URL, e.g. `http://127.0.0.1:53123` (no trailing slash). */
  readonly url: string;
  /** Base URL of a tenant: `url` for `default`, `url/t/<id>` otherwise. Throws for a tenant not served. */
  tenantUrl(id?: string): string;
  /** Recorded attempts matching `filter`, newest first. */
  attempts(filter?: AttemptFilter): Attempt[];
  /** The newest attempt matching `filter`, if any. */
  lastAttempt(filter?: AttemptFilter): Attempt | undefined;
  /**
   * The first attempt matching `filter` recorded AFTER this call (an earlier one does not count:
   * use lastAttempt() for that). Rejects with an AttemptTimeoutError after `timeoutMs` of real time
   * (default 3000), naming what was recorded instead.
   */
  waitForAttempt(filter?: AttemptFilter, timeoutMs?: number): Promise<Attempt>;
  /** Users created by accepted logins, oldest first. */
  users(filter?: UserFilter): User[];
  /** Sessions live by the receiver's clock (and Zoho access tokens), oldest first. */
  sessions(filter?: SessionFilter): Session[];
  /** The one clock every check reads: freeze(at?), advance(ms), reset(), now(). */
  readonly clock: ReceiverClock;
  /**
   * Back to how it started: forgets every attempt, user, session and spent jti (of every tenant),
   * puts the clock back on real time, and keeps the tenants and their secrets. Call it between
   * tests, with no request in flight.
   */
  reset(): Promise<void>;
  /** Finishes in-flight requests, closes the store; pending waitForAttempt() calls reject. */
  close(): Promise<void>;
}

export type { StartReceiverOptions };

/**
 * Starts a receiver for a test suite: port 0 (a free one), an in-memory store, silent logs, and a
 * clock of its own. Each call is independent: parallel suites share nothing.
 */
export async function startReceiver(options: StartReceiverOptions = {}): Promise<Receiver> {
  const clock = options.clock ?? new Clock();
  const running = await startServer(receiverConfig(options), { clock });
  const { store, tenants } = running;
  let closed = false;

  const open = (what: string) => {
    if (closed) throw new Error(`${what}: the receiver is closed`);
  };
  const knownTenant = (what: string, id: string | undefined) => {
    if (id !== undefined && !tenants.get(id)) {
      throw new Error(`${what}: no tenant "${id}" on this receiver (it serves ${tenants.list().map((t) => t.id).join(', ')})`);
    }
  };
  const attempts = (filter: AttemptFilter = {}) => {
    open('attempts()');
    knownTenant('attempts()', filter.tenant);
    return searchAttempts(store.db, attemptSearch(filter)).map(toAttempt);
  };
  const waiters = new AttemptWaiters({
    lastId: () => lastAttemptId(store.db),
    after: (afterId, filter) => searchAttempts(store.db, { ...attemptSearch(filter), afterId, order: 'oldest' }).map(toAttempt),
  });

  return {
    url: running.url,
    clock: receiverClock(clock),
    tenantUrl(id = 'default') {
      knownTenant('tenantUrl()', id);
      return id === 'default' ? running.url : `${running.url}/t/${id}`;
    },
    attempts,
    lastAttempt: (filter = {}) => attempts({ ...filter, limit: 1 })[0],
    async waitForAttempt(filter = {}, timeoutMs = DEFAULT_WAIT_MS) {
      open('waitForAttempt()');
      knownTenant('waitForAttempt()', filter.tenant);
      attemptSearch(filter); // a bad filter throws now, not at every poll
      return waiters.wait(filter, timeoutMs);
    },
    users(filter = {}) {
      open('users()');
      knownTenant('users()', filter.tenant);
      return searchUsers(store.db, filter).map(toUser);
    },
    sessions(filter = {}) {
      open('sessions()');
      knownTenant('sessions()', filter.tenant);
      return searchSessions(store.db, { tenant: filter.tenant, email: filter.email, liveAtMs: filter.includeExpired ? null : clock.nowMs() }).map(toSession);
    },
    async reset() {
      open('reset()');
      await store.clear();
      waiters.rebase();
      clock.reset();
    },
    async close() {
      if (!closed) waiters.cancel('the receiver was closed');
      closed = true;
      await running.close();
    },
  };
}
