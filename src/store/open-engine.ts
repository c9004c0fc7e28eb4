import type { ReceiverStore } from './contract';
import type { StoreOptions } from './engine';
import { openStore } from './index';
import { StoreOpenError } from './open-error';
import { isPostgresUrl, openPostgresStore } from './postgres';

/** What picks and tunes the engine: `server.db` and the store settings of the config. */
export interface EngineChoice extends StoreOptions {
  /** A SQLite file, `:memory:`, or a postgres:// / postgresql:// URL. */
  db: string;
}

/**
 * A PostgreSQL URL as it may be printed: without its password (in the authority or as
 * `?password=`), or a fixed phrase when it does not even parse.
 */
export function safeDbLocation(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const url = new URL(db);
    url.password = '';
    url.searchParams.delete('password');
    return url.toString();
  } catch {
    return 'the PostgreSQL URL given (not a valid URL)';
  }
}

/**
 * Opens the store `db` names: PostgreSQL for a postgres:// or postgresql:// URL (shared by every
 * replica given the same URL and schema), else SQLite in a worker thread. A URL the PostgreSQL
 * store cannot read (a bad pool_size, schema) is a StoreOpenError naming it without its password.
 */
export async function openEngineStore(choice: EngineChoice): Promise<ReceiverStore> {
  const { db, ...options } = choice;
  if (!isPostgresUrl(db)) return openStore(db, options);
  try {
    return await openPostgresStore({ url: db, attemptsPerTenant: options.attemptsPerTenant, sessionsPerTenant: options.sessionsPerTenant });
  } catch (err) {
    if (err instanceof StoreOpenError) throw err;
    throw new StoreOpenError(safeDbLocation(db), (err as Error).message, 'write it as postgres://user:password@host:port/database?schema=name', { cause: err });
  }
}
