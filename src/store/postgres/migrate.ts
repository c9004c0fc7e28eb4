import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Pool, PoolClient } from 'pg';

/** `migrations/postgres/` at the package root, from src/ (tests) or dist/ (the CLI). */
export const PG_MIGRATIONS_DIR = resolve(__dirname, '..', '..', '..', 'migrations', 'postgres');

/** Advisory-lock classes (the first key); the second is hashtext(schema), so schemas never wait for each other. */
export const LOCK_MIGRATE = 0x484a5201;
export const LOCK_HOUSEKEEPING = 0x484a5202;

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

interface Migration {
  version: number;
  file: string;
}

function migrationFiles(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number.parseInt(file, 10), file }));
}

async function appliedVersions(client: PoolClient, schema: string): Promise<Set<number>> {
  const table = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${quoteIdent(schema)}.schema_migrations`]);
  if (!table.rows[0]?.t) return new Set();
  const rows = await client.query<{ version: number }>(`SELECT version FROM ${quoteIdent(schema)}.schema_migrations`);
  return new Set(rows.rows.map((r) => r.version));
}

/** The version the newest migration file brings a schema to. */
export function latestPostgresVersion(dir = PG_MIGRATIONS_DIR): number {
  return Math.max(0, ...migrationFiles(dir).map((m) => m.version));
}

/**
 * Applies every `NNN_name.sql` not yet recorded in `schema.schema_migrations`, as the SQLite store
 * does, all in one transaction under an advisory lock: two replicas starting together take turns,
 * and the second finds nothing left to do. When nothing is pending it writes nothing, so a replica
 * on a read-only connection (a standby, a read-only role) still starts, and says so in its health.
 */
export async function migrate(pool: Pool, schema: string, dir = PG_MIGRATIONS_DIR): Promise<string[]> {
  const files = migrationFiles(dir);
  const client = await pool.connect();
  try {
    const before = await appliedVersions(client, schema);
    if (files.every((m) => before.has(m.version))) return [];
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_MIGRATE, schema]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      // For this transaction only: the files name tables without a schema.
      await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
      const applied = await appliedVersions(client, schema);
      const done: string[] = [];
      for (const m of files) {
        if (applied.has(m.version)) continue;
        await client.query(readFileSync(join(dir, m.file), 'utf8'));
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.file, Date.now()]);
        done.push(m.file);
      }
      await client.query('COMMIT');
      return done;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    client.release();
  }
}
