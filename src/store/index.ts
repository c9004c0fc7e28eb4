import type { ReceiverStore } from './contract';
import type { StoreOptions } from './engine';
import { SqliteStore } from './sqlite-store';

export type { StoreOptions } from './engine';

/**
 * Opens the SQLite store at `path` (or `:memory:`) in its own worker thread. A file it cannot
 * open is a StoreOpenError naming it.
 */
export function openStore(path: string, options: StoreOptions): Promise<ReceiverStore> {
  return SqliteStore.open({ path, ...options });
}

export { SqliteStore } from './sqlite-store';
export type { OnceAnswer, OncePeek, OnceValue, ReceiverStore, StoreHealth } from './contract';
export type * from './types';
