import type { Db } from './database';

/** Tables of what logins leave behind, children first (sessions reference users). */
const LOGIN_TABLES = ['sessions', 'users', 'attempts', 'replay_ledger'] as const;

/**
 * Forgets every session, user, attempt and spent replay key, of one tenant or of all. Settings (a
 * generated tenant secret) stay. Returns the rows removed per table.
 */
export function clearLoginData(db: Db, tenant?: string): Record<(typeof LOGIN_TABLES)[number], number> {
  const removed = {} as Record<(typeof LOGIN_TABLES)[number], number>;
  for (const table of LOGIN_TABLES) {
    removed[table] = tenant === undefined ? db.prepare(`DELETE FROM ${table}`).run().changes : db.prepare(`DELETE FROM ${table} WHERE tenant = ?`).run(tenant).changes;
  }
  return removed;
}
