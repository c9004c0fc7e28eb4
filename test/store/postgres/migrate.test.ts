import { readdirSync } from 'node:fs';
import { Pool } from 'pg';
import { MIGRATIONS_DIR } from '../../../src/store/database';
import { migrate, PG_MIGRATIONS_DIR } from '../../../src/store/postgres/migrate';
import { suiteSchema, testPostgresUrl, withClient } from '../../helpers/postgres';

const sqlFiles = (dir: string) => readdirSync(dir).filter((f) => /^\d+_[\w-]+\.sql$/.test(f));

describe('PostgreSQL migrations', () => {
  const { schema, drop } = suiteSchema();
  let pools: Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await drop();
  });

  it('mirror the SQLite ones, file for file', () => {
    expect(sqlFiles(PG_MIGRATIONS_DIR)).toEqual(sqlFiles(MIGRATIONS_DIR));
    expect(sqlFiles(PG_MIGRATIONS_DIR)).toContain('004_once_values.sql');
  });

  it('are applied once when five replicas start together (an advisory lock, not a race)', async () => {
    pools = Array.from({ length: 5 }, () => new Pool({ connectionString: testPostgresUrl(), max: 1 }));
    const applied = await Promise.all(pools.map((p) => migrate(p, schema)));
    // Exactly one replica applied them all; the others found nothing left.
    expect(applied.map((a) => a.length).sort()).toEqual([0, 0, 0, 0, sqlFiles(PG_MIGRATIONS_DIR).length]);
    expect(applied.find((a) => a.length)).toEqual(sqlFiles(PG_MIGRATIONS_DIR));
    const rows = await withClient(testPostgresUrl(), (c) => c.query(`SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`));
    expect(rows.rows).toEqual(sqlFiles(PG_MIGRATIONS_DIR).map((name, i) => ({ version: i + 1, name })));
    const tables = await withClient(testPostgresUrl(), (c) =>
      c.query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]),
    );
    expect(tables.rows.map((r) => r.t)).toEqual(['attempts', 'once_values', 'replay_ledger', 'schema_migrations', 'sessions', 'settings', 'users']);
  });

  it('write nothing when nothing is pending, so a read-only connection still starts', async () => {
    const ro = new Pool({ connectionString: testPostgresUrl(), max: 1, options: '-c default_transaction_read_only=on' });
    pools.push(ro);
    await expect(migrate(ro, schema)).resolves.toEqual([]);
    const fresh = suiteSchema();
    // With work pending, the read-only connection is refused by the server, and nothing is left half done.
    await expect(migrate(ro, fresh.schema)).rejects.toThrow(/read-only transaction/);
    const left = await withClient(testPostgresUrl(), (c) => c.query('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [fresh.schema]));
    expect(left.rows[0].n).toBe(0);
  });
});
