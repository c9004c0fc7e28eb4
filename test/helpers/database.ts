import Database from 'better-sqlite3';
import { SqliteStore, type ReceiverStore } from '../../src/store';

/**
 * Reads the receiver's database file as another process would: a read-only connection of its
 * own (WAL lets it read beside the receiver), closed after `read`. Tests look at rows the API does
 * not show (hashes, keep_until) this way; the receiver's own handle stays private to its Store.
 */
export function readDb<T>(rx: { dbPath: string }, read: (db: Database.Database) => T): T {
  const db = new Database(rx.dbPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/**
 * Fault injection: makes the store's own connection (in its worker thread) refuse every write
 * (SQLite's query_only), as a read-only file would, or lifts that; and checks that the fault took:
 * a test whose fault did not happen fails here instead of passing for nothing.
 */
export async function refuseWrites(store: ReceiverStore, on = true): Promise<void> {
  const now = await sqlite(store).pragmaForTests('query_only', on ? 1 : 0);
  if (now !== (on ? 1 : 0)) throw new Error(`refuseWrites: query_only is ${String(now)} after setting it ${on ? 'ON' : 'OFF'}`);
}

/**
 * Fault injection: a full disk. The connection may grow to no more pages than it has now
 * (max_page_count), so the next write that needs a page fails with SQLITE_FULL; `false` lifts it.
 */
export async function fillDisk(store: ReceiverStore, on = true): Promise<void> {
  const s = sqlite(store);
  const pages = on ? await s.pragmaForTests('page_count') : 1_073_741_823;
  const now = await s.pragmaForTests('max_page_count', pages);
  if (now !== pages) throw new Error(`fillDisk: max_page_count is ${now} after setting it ${pages}`);
}

function sqlite(store: ReceiverStore): SqliteStore {
  if (!(store instanceof SqliteStore)) throw new Error('fault injection needs the SQLite store');
  return store;
}
