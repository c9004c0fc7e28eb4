import { isDatabaseError } from './sqlite-errors';

/**
 * The messages between the server's thread and the store's worker thread. Values cross by
 * structured clone (plain records only); an error crosses as its message and SQLite code. Each side
 * posts one array per turn of its event loop (the requests, the replies of that turn, in order);
 * only `open`, `ready` and `openFailed` cross alone, before any request.
 */

/** What the worker is asked: one engine method by name, with its arguments. */
export interface StoreRequest {
  id: number;
  op: string;
  args: unknown[];
}

/** An error as it crosses: `db` when SQLite refused (a store_unavailable on the other side), `bug` otherwise. */
export interface CrossedError {
  kind: 'db' | 'bug';
  message: string;
  code?: string;
  /** The file an operating-system error names (EACCES on a folder). */
  path?: string;
  stack?: string;
}

export type StoreReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: CrossedError }
  /** A committed attempt, posted before the reply of the write that recorded it. */
  | { event: 'attempt'; row: unknown }
  | { ready: true }
  /** The database could not be opened: the StoreOpenError's own words, and its cause. */
  | { openFailed: { reason: string; hint: string; cause: CrossedError } };

/** A worker started ahead of its database (worker-thread.ts) is told it in its first message. */
export interface OpenRequest {
  open: WorkerOptions;
}

/** Options the worker opens the database with. */
export interface WorkerOptions {
  path: string;
  busyTimeoutMs: number;
  attemptsPerTenant: number;
  sessionsPerTenant?: number;
}

export function crossError(err: unknown): CrossedError {
  const { code, path } = (err ?? {}) as { code?: unknown; path?: unknown };
  return {
    kind: isDatabaseError(err) ? 'db' : 'bug',
    message: err instanceof Error ? err.message : String(err),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof path === 'string' ? { path } : {}),
    ...(err instanceof Error && err.stack ? { stack: err.stack } : {}),
  };
}

/** The error again on this side: an Error with SQLite's code, so the usual checks read it. */
export function uncrossError(crossed: CrossedError): Error & { code?: string; path?: string } {
  const error = new Error(crossed.message) as Error & { code?: string; path?: string };
  if (crossed.code !== undefined) error.code = crossed.code;
  if (crossed.path !== undefined) error.path = crossed.path;
  if (crossed.stack) error.stack = crossed.stack;
  return error;
}
