import type { Pool } from 'pg';
import type { StoreHealth } from '../contract';
import type { Statements } from './sql';

const TABLES = ['settings', 'replay_ledger', 'users', 'sessions', 'attempts', 'once_values'];

/** Rows counted exactly, at most: a table the planner estimates larger is answered with its estimate. */
const COUNT_CAP = 100_000;

/**
 * The store's state for `/_receiver/health`, asked on a connection of its own (a one-connection
 * pool with short timeouts), so it answers even while the store's pool is exhausted or the server
 * is gone. Sizes: pg_total_relation_size (table, indexes, TOAST); rows counted exactly up to
 * COUNT_CAP (a bounded table is small: its count is cheap, and the bound shows as soon as
 * housekeeping applied it), above that the planner's estimate (reltuples, kept by autovacuum).
 */
export async function readHealth(probe: Pool, main: Pool, st: Statements, schema: string, poolSize: number): Promise<StoreHealth> {
  let tables: Record<string, { rows: number; bytes: number | null }>;
  let readOnly: string | null;
  try {
    const state = await probe.query<{ ro: string; standby: boolean; writable: boolean }>(
      `SELECT current_setting('transaction_read_only') AS ro, pg_is_in_recovery() AS standby,
        has_table_privilege(current_user, to_regclass($1), 'INSERT') AND has_table_privilege(current_user, to_regclass($2), 'INSERT') AS writable`,
      [`${st.tables}.replay_ledger`, `${st.tables}.attempts`],
    );
    const s = state.rows[0]!;
    readOnly = s.standby
      ? 'the server is a standby (in recovery): it takes no writes'
      : s.ro === 'on'
        ? 'transactions are read-only for this role or database (default_transaction_read_only)'
        : !s.writable
          ? 'this role may not INSERT into the replay ledger or the attempts'
          : null;
    const sizes = await probe.query<{ name: string; rows: number; bytes: number }>(
      `SELECT c.relname AS name, c.reltuples::float8 AS rows, pg_total_relation_size(c.oid) AS bytes
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname = ANY($2)`,
      [schema, TABLES],
    );
    tables = {};
    for (const row of sizes.rows) {
      // reltuples is -1 for a table never measured, and lags behind a DELETE until autovacuum runs.
      const rows =
        row.rows >= COUNT_CAP
          ? Math.round(row.rows)
          : Number((await probe.query(`SELECT count(*) AS n FROM (SELECT 1 FROM ${st.tables}.${row.name} LIMIT ${COUNT_CAP}) x`)).rows[0].n);
      tables[row.name] = { rows, bytes: Number(row.bytes) };
    }
  } catch (err) {
    return { state: 'unavailable', reason: (err as Error).message, engine: 'postgres', tables: null };
  }
  if (readOnly) return { state: 'read_only', reason: readOnly, engine: 'postgres', tables };
  if (main.waitingCount > 0 && main.totalCount >= poolSize) {
    return { state: 'busy', reason: `all ${poolSize} connections of the pool are in use, ${main.waitingCount} requests waiting`, engine: 'postgres', tables };
  }
  return { state: 'ok', reason: null, engine: 'postgres', tables };
}
