import type { Db } from './database';
import type { Cleared } from './types';

/** Tables of what logins leave behind, children first (sessions reference users). */
const LOGIN_TABLES = ['sessions', 'users', 'attempts', 'replay_ledger', 'once_values'] as const satisfies ReadonlyArray<keyof Cleared>;

/**
 * Forgets every session, user, attempt, spent replay key and single-use value, of one tenant or of all. Settings (a
 * generated tenant secret) stay. Returns the rows removed per table.
 */
export function clearLoginData(db: Db, tenant?: string): Cleared {
  const removed = {} as Cleared;
  for (const table of LOGIN_TABLES) {
    removed[table] =
      tenant === undefined ? db.prepare(`DELETE FROM ${table}`).run().changes : db.prepare(`DELETE FROM ${table} WHERE tenant = ?`).run(tenant).changes;
  }
  return removed;
}
