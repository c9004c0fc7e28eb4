import type { ReceiverConfig } from '../config/load';
import type { ReceiverStore } from './contract';
import type { StoreOptions } from './engine';
import { openStore } from './index';
import { StoreOpenError } from './open-error';
import type * as Postgres from './postgres';
import { isPostgresUrl } from './postgres/url';
import { discardPrestartedStoreWorker } from './worker-thread';

/** What picks and tunes the engine: `server.db` and the store settings of the config. */
export interface EngineChoice extends StoreOptions {
  /** A SQLite file, `:memory:`, or a postgres:// / postgresql:// URL. */
  db: string;
}

/** The engine a config asks for: its `server.db` and busy timeout, and its store settings. */
export function engineChoice(config: Pick<ReceiverConfig, 'server' | 'store'>): EngineChoice {
  return {
    db: config.server.db,
    busyTimeoutMs: config.server.busyTimeoutMs,
    attemptsPerTenant: config.store.attemptsPerTenant,
    sessionsPerTenant: config.store.sessionsPerTenant,
  };
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
  discardPrestartedStoreWorker(); // started for SQLite by the launcher, which could not see the config file's URL
  try {
    // Loaded only here: requiring `pg` is a sizeable part of start-up that a SQLite store never needs
    // (`import type` above keeps the edge in sight of the import-boundary rules).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see above
    const { openPostgresStore } = require('./postgres') as typeof Postgres;
    return await openPostgresStore({ url: db, attemptsPerTenant: options.attemptsPerTenant, sessionsPerTenant: options.sessionsPerTenant });
  } catch (err) {
    if (err instanceof StoreOpenError) throw err;
    throw new StoreOpenError(safeDbLocation(db), (err as Error).message, 'write it as postgres://user:password@host:port/database?schema=name', { cause: err });
  }
}
