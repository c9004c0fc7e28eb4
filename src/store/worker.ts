import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEngine } from './engine';
import { StoreOpenError, storeOpenError } from './open-error';
import { crossError, type OpenRequest, type StoreReply, type StoreRequest, type WorkerOptions } from './worker-protocol';

/**
 * The store's worker thread: it owns the SQLite connection (a `:memory:` database lives here too),
 * so no statement, commit or wait for another process's lock ever runs on the server's event loop.
 * Requests are answered in the order they came; a write's reply follows its commit.
 */
const port = parentPort;
if (!port) throw new Error('the store worker must run in a worker thread');
/** Replies of this turn, posted together at its end (the server's side reads them in order). */
let outbox: StoreReply[] = [];
const postOutbox = () => {
  const replies = outbox;
  outbox = [];
  port.postMessage(replies);
};
const post = (message: StoreReply) => {
  if (outbox.push(message) === 1) setImmediate(postOutbox);
};

let engine: SqliteEngine;
/** Whether anyone on the server's side listens for committed attempts (else none is read back). */
let listening = false;

/** The engine's methods the server may ask for; anything else is a bug on the asking side. */
const OPS: Record<string, (...args: never[]) => unknown> = {
  login: (input: Parameters<SqliteEngine['login']>[0]) =>
    engine.login(input).then((outcome) => {
      if (outcome.ok) announce(outcome.attemptId);
      return outcome;
    }),
  recordAttempt: (input: Parameters<SqliteEngine['recordAttempt']>[0]) =>
    engine.recordAttempt(input).then((id) => {
      announce(id);
      return id;
    }),
  endSession: (id: string) => engine.endSession(id),
  clear: (tenant?: string) => engine.clear(tenant),
  housekeeping: (nowMs: number, tenants: string[], slice?: number) => engine.housekeeping(nowMs, tenants, slice),
  issueOnce: (value: Parameters<SqliteEngine['issueOnce']>[0]) => engine.issueOnce(value),
  redeemOnce: (tenant: string, purpose: string, value: string, nowMs: number) => engine.redeemOnce(tenant, purpose, value, nowMs),
  onceState: (tenant: string, purpose: string, value: string, nowMs: number) => engine.onceState(tenant, purpose, value, nowMs),
  settingOrCreate: (key: string, value: string) => engine.settingOrCreate(key, value),
  setting: (key: string) => engine.setting(key),
  replayState: (tenant: string, key: string) => engine.replayState(tenant, key),
  ledgerEntry: (tenant: string, key: string) => engine.ledgerEntry(tenant, key),
  findSession: (id: string, tenant: string, nowMs: number) => engine.findSession(id, tenant, nowMs),
  sessionByHash: (hash: string) => engine.sessionByHash(hash),
  liveSessions: (nowMs: number, tenant: string | null, limit: number) => engine.liveSessions(nowMs, tenant, limit),
  searchSessions: (search: Parameters<SqliteEngine['searchSessions']>[0]) => engine.searchSessions(search),
  user: (id: number) => engine.user(id),
  searchUsers: (search: Parameters<SqliteEngine['searchUsers']>[0]) => engine.searchUsers(search),
  attempt: (id: number) => engine.attempt(id),
  searchAttempts: (search: Parameters<SqliteEngine['searchAttempts']>[0]) => engine.searchAttempts(search),
  lastAttemptId: () => engine.lastAttemptId(),
  health: () => engine.health(),
  pragma: (name: Parameters<SqliteEngine['pragma']>[0], value?: number) => engine.pragma(name, value),
  listen: (on: boolean) => {
    listening = on;
  },
  close: () => engine.close(),
};

function announce(id: number): void {
  if (!listening) return;
  const row = engine.announced(id);
  if (row) post({ event: 'attempt', row });
}

function answer(id: number, work: () => unknown): void {
  let value: unknown;
  try {
    value = work();
  } catch (err) {
    return post({ id, ok: false, error: crossError(err) });
  }
  if (value instanceof Promise) {
    value.then(
      (v: unknown) => post({ id, ok: true, value: v }),
      (err: unknown) => post({ id, ok: false, error: crossError(err) }),
    );
  } else {
    post({ id, ok: true, value });
  }
}

/** The requests the server made in one turn of its event loop, in order. */
function onRequests(requests: StoreRequest[]): void {
  for (const request of requests) {
    const op = OPS[request.op];
    answer(request.id, () => {
      if (!op) throw new Error(`the store worker has no operation ${request.op}`);
      return (op as (...args: unknown[]) => unknown)(...request.args);
    });
  }
}

const open = (options: WorkerOptions): void => {
  try {
    engine = new SqliteEngine(options.path, options);
  } catch (err) {
    const failed = err instanceof StoreOpenError ? err : storeOpenError(options.path, err);
    port.postMessage({ openFailed: { reason: failed.reason, hint: failed.hint, cause: crossError(failed.cause) } } satisfies StoreReply);
    process.exit(0);
  }
  port.on('message', onRequests);
  port.postMessage({ ready: true } satisfies StoreReply);
};

// A worker started ahead of its database (worker-thread.ts) has loaded its modules by now, and waits to be told which.
const given = workerData as Partial<WorkerOptions>;
if (typeof given.path === 'string') open(given as WorkerOptions);
else port.once('message', (request: OpenRequest) => open(request.open));
