import type { PoolClient } from 'pg';
import type { Cleared, HousekeepingResult } from '../types';
import { LOCK_HOUSEKEEPING } from './migrate';
import type { Statements } from './sql';

export interface HousekeepingPass {
  nowMs: number;
  tenants: readonly string[];
  slice: number;
  /** Attempts kept per tenant. */
  keepAttempts: number;
  /** Sessions kept per tenant, newest first. */
  keepSessions: number;
}

const NOTHING: HousekeepingResult = { ledger: 0, sessions: 0, attempts: 0, once: 0, more: false };

/**
 * One housekeeping pass, inside the caller's transaction, by one replica at a time: the advisory
 * lock is tried, not waited for, so a replica that finds another at work does nothing (that one
 * prunes for all). Each DELETE takes at most `slice` rows, so locks are held briefly; `more` says a
 * slice was full. Only what no replica can need is pruned: spent keys past keep_until (after it no
 * token carrying the key can be accepted anywhere), expired sessions and single-use values, and
 * each tenant's sessions and attempts beyond its newest `keepSessions` and `keepAttempts`.
 */
export async function housekeep(c: PoolClient, st: Statements, schema: string, pass: HousekeepingPass): Promise<HousekeepingResult> {
  const lock = await c.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [LOCK_HOUSEKEEPING, schema]);
  if (!lock.rows[0]?.locked) return { ...NOTHING };
  const s = st.tables;
  const { nowMs, slice } = pass;
  const run = async (text: string, values: unknown[]) => (await c.query(text, values)).rowCount ?? 0;
  const ledger = await run(
    `DELETE FROM ${s}.replay_ledger WHERE (tenant, replay_key) IN (SELECT tenant, replay_key FROM ${s}.replay_ledger WHERE keep_until < $1 LIMIT $2)`,
    [nowMs, slice],
  );
  const expired = await run(`DELETE FROM ${s}.sessions WHERE id_hash IN (SELECT id_hash FROM ${s}.sessions WHERE expires_at <= $1 LIMIT $2)`, [nowMs, slice]);
  const surplus: number[] = [];
  for (const tenant of pass.tenants) {
    // Past a tenant's newest `keepSessions` (ties by hash, byte-wise, as SQLite orders them), at most
    // `slice` sessions are ended: their cookies sign nobody in, even before they expire.
    surplus.push(
      await run(
        `DELETE FROM ${s}.sessions WHERE id_hash IN (
          SELECT id_hash FROM ${s}.sessions WHERE tenant = $1 ORDER BY created_at DESC, id_hash COLLATE "C" DESC LIMIT $3 OFFSET $2)`,
        [tenant, pass.keepSessions, slice],
      ),
    );
  }
  const perTenant: number[] = [];
  for (const tenant of pass.tenants) {
    // Keeps the newest `keep` rows of a tenant: the oldest `slice` rows at or below the id just past them go.
    perTenant.push(
      await run(
        `DELETE FROM ${s}.attempts WHERE id IN (
          SELECT id FROM ${s}.attempts WHERE tenant = $1 AND id <= (
            SELECT id FROM ${s}.attempts WHERE tenant = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)
          ORDER BY id LIMIT $3)`,
        [tenant, pass.keepAttempts, slice],
      ),
    );
  }
  const once = await run(
    `DELETE FROM ${s}.once_values WHERE (tenant, purpose, value) IN (SELECT tenant, purpose, value FROM ${s}.once_values WHERE expires_at <= $1 LIMIT $2)`,
    [nowMs, slice],
  );
  const sum = (counts: number[]) => counts.reduce((n, k) => n + k, 0);
  const full = [ledger, expired, once, ...surplus, ...perTenant].some((k) => k === slice);
  return { ledger, sessions: expired + sum(surplus), attempts: sum(perTenant), once, more: full };
}

/** Tables of what logins leave behind, children first (sessions reference users). */
const LOGIN_TABLES = ['sessions', 'users', 'attempts', 'replay_ledger', 'once_values'] as const satisfies ReadonlyArray<keyof Cleared>;

/** Forgets every session, user, attempt, spent key and single-use value of one tenant or all; settings stay. */
export async function clearAll(c: PoolClient, st: Statements, tenant?: string): Promise<Cleared> {
  const removed = {} as Cleared;
  for (const table of LOGIN_TABLES) {
    const result =
      tenant === undefined
        ? await c.query(`DELETE FROM ${st.tables}.${table}`)
        : await c.query(`DELETE FROM ${st.tables}.${table} WHERE tenant = $1`, [tenant]);
    removed[table] = result.rowCount ?? 0;
  }
  return removed;
}
