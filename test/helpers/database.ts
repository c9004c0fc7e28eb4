import Database from 'better-sqlite3';
import type { ReceiverStore } from '../../src/store';

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
 * Fault injection: makes the store's own connection refuse every write (SQLite's query_only), as
 * a read-only file would, or lifts that. It reaches the private handle on purpose, and checks that
 * the fault took: a test whose fault did not happen fails here instead of passing for nothing.
 */
export function refuseWrites(store: ReceiverStore, on = true): void {
  const db = (store as unknown as { db?: Database.Database }).db;
  if (!db?.open) throw new Error('refuseWrites: the store has no open SQLite handle named db (renamed?); the fault cannot be set up');
  db.pragma(`query_only = ${on ? 'ON' : 'OFF'}`);
  const now = db.pragma('query_only', { simple: true });
  if (now !== (on ? 1 : 0)) throw new Error(`refuseWrites: query_only is ${String(now)} after setting it ${on ? 'ON' : 'OFF'}`);
}
