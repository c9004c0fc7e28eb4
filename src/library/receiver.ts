import { Clock } from '../clock';
import { startServer } from '../server';
import type { AttemptListener } from '../store';
import { receiverClock, type ReceiverClock } from './clock';
import { receiverConfig, type StartReceiverOptions } from './options';
import {
  attemptSearch,
  toAttempt,
  toSession,
  toUser,
  type Attempt,
  type AttemptFilter,
  type Session,
  type SessionFilter,
  type User,
  type UserFilter,
} from './records';
import { AttemptWaiters, DEFAULT_WAIT_MS } from './wait';

/** A receiver running inside a test process: its URLs, what it recorded, and its clock. */
export interface Receiver {
  /** The `default` tenant's base URL, e.g. `http://127.0.0.1:53123` (no trailing slash). */
  readonly url: string;
  /** Base URL of a tenant: `url` for `default`, `url/t/<id>` otherwise. Throws for a tenant not served. */
  tenantUrl(id?: string): string;
  /** Recorded attempts matching `filter`, newest first. */
  attempts(filter?: AttemptFilter): Promise<Attempt[]>;
  /** The newest attempt matching `filter`, if any. */
  lastAttempt(filter?: AttemptFilter): Promise<Attempt | undefined>;
  /**
   * The first attempt matching `filter` recorded AFTER this call (an earlier one does not count:
   * use lastAttempt() for that). Rejects with an AttemptTimeoutError after `timeoutMs` of real time
   * (default 3000), naming what was recorded instead.
   */
  waitForAttempt(filter?: AttemptFilter, timeoutMs?: number): Promise<Attempt>;
  /** Users created by accepted logins, oldest first. */
  users(filter?: UserFilter): Promise<User[]>;
  /** Sessions live by the receiver's clock (and Zoho access tokens), oldest first. */
  sessions(filter?: SessionFilter): Promise<Session[]>;
  /**
   * Calls `listener` with each attempt once it is committed: after the transaction that recorded
   * it, so attempts() and the API already show it. Once per attempt, refusals included; never for
   * a login the database refused (nothing was recorded). A listener that throws does not touch the
   * login: its error is thrown again on the next tick, which a test runner reports. Adding the same
   * function twice adds it once.
   */
  on(event: 'attempt', listener: (attempt: Attempt) => void): Receiver;
  /** Stops calling a listener added with on(). */
  off(event: 'attempt', listener: (attempt: Attempt) => void): Receiver;
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
      throw new Error(
        `${what}: no tenant "${id}" on this receiver (it serves ${tenants
          .list()
          .map((t) => t.id)
          .join(', ')})`,
      );
    }
  };
  // async: a wrong filter or a closed receiver rejects, as a store failure does.
  const attempts = async (filter: AttemptFilter = {}) => {
    open('attempts()');
    knownTenant('attempts()', filter.tenant);
    return (await store.searchAttempts(attemptSearch(filter))).map(toAttempt);
  };
  const waiters = new AttemptWaiters({
    lastId: () => store.lastAttemptId(),
    after: async (afterId, filter) => (await store.searchAttempts({ ...attemptSearch(filter), afterId, order: 'oldest' })).map(toAttempt),
    subscribe(onCommit) {
      const heard: AttemptListener = (row) => onCommit(toAttempt(row));
      store.on('attempt', heard);
      return () => store.off('attempt', heard);
    },
  });
  // The store's listener for each of the caller's, so off() finds the one on() added.
  const listeners = new Map<(attempt: Attempt) => void, AttemptListener>();
  const attemptEvent = (what: string, event: unknown, listener: unknown) => {
    if (event !== 'attempt') throw new TypeError(`${what}: the only event is 'attempt' (got ${JSON.stringify(event)})`);
    if (typeof listener !== 'function') throw new TypeError(`${what}: the listener must be a function`);
  };

  const receiver: Receiver = {
    url: running.url,
    clock: receiverClock(clock),
    tenantUrl(id = 'default') {
      knownTenant('tenantUrl()', id);
      return id === 'default' ? running.url : `${running.url}/t/${id}`;
    },
    attempts,
    lastAttempt: async (filter = {}) => (await attempts({ ...filter, limit: 1 }))[0],
    waitForAttempt(filter = {}, timeoutMs = DEFAULT_WAIT_MS) {
      try {
        open('waitForAttempt()');
        knownTenant('waitForAttempt()', filter.tenant);
        attemptSearch(filter); // a bad filter throws now, not at every poll
      } catch (err) {
        return Promise.reject(err as Error);
      }
      const waiting = waiters.wait(filter, timeoutMs);
      // Closing rejects a wait whose caller awaits close() first: not an unhandled rejection meanwhile.
      waiting.catch(() => undefined);
      return waiting;
    },
    async users(filter = {}) {
      open('users()');
      knownTenant('users()', filter.tenant);
      return (await store.searchUsers(filter)).map(toUser);
    },
    async sessions(filter = {}) {
      open('sessions()');
      knownTenant('sessions()', filter.tenant);
      return (await store.searchSessions({ tenant: filter.tenant, email: filter.email, liveAtMs: filter.includeExpired ? null : clock.nowMs() })).map(
        toSession,
      );
    },
    on(event, listener) {
      open('on()');
      attemptEvent('on()', event, listener);
      if (!listeners.has(listener)) {
        const heard: AttemptListener = (row) => listener(toAttempt(row));
        listeners.set(listener, heard);
        store.on('attempt', heard);
      }
      return receiver;
    },
    off(event, listener) {
      attemptEvent('off()', event, listener);
      const heard = listeners.get(listener);
      if (heard) store.off('attempt', heard);
      listeners.delete(listener);
      return receiver;
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
  return receiver;
}
