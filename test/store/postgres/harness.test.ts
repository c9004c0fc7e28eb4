import { HOW_TO_GET_POSTGRES, SHARED_ERROR_ENV, SHARED_URL_ENV, suiteSchema, testPostgresUrl, withClient } from '../../helpers/postgres';

/** The harness the PostgreSQL suites stand on: a real server, a schema per suite, a failure (never a skip) without one. */
describe('the test PostgreSQL', () => {
  it('is a real server the URL reaches, with a password the URL carries', async () => {
    const url = testPostgresUrl();
    expect(new URL(url).password).not.toBe('');
    const version = await withClient(url, (c) => c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v"));
    expect(Number(version.rows[0]!.v)).toBeGreaterThanOrEqual(120000);
  });

  it('gives each suite a schema of its own', async () => {
    const a = suiteSchema();
    const b = suiteSchema();
    expect(a.schema).not.toBe(b.schema);
    expect(a.schema).toMatch(/^t_\d+_[0-9a-f]{8}$/);
    await withClient(testPostgresUrl(), async (c) => {
      await c.query(`CREATE SCHEMA ${a.schema}`);
      await c.query(`CREATE TABLE ${a.schema}.x (n int)`);
      const seen = await c.query('SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1', [b.schema]);
      expect(seen.rows[0].n).toBe(0);
    });
    await a.drop();
    await withClient(testPostgresUrl(), async (c) => {
      const left = await c.query('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [a.schema]);
      expect(left.rows[0].n).toBe(0);
    });
  });

  it('fails, saying how to get a server, when there is none', () => {
    const saved = { url: process.env.HJR_TEST_PG_URL, shared: process.env[SHARED_URL_ENV], error: process.env[SHARED_ERROR_ENV] };
    delete process.env.HJR_TEST_PG_URL;
    delete process.env[SHARED_URL_ENV];
    process.env[SHARED_ERROR_ENV] = 'initdb: not found';
    try {
      expect(() => testPostgresUrl()).toThrow('no PostgreSQL server for this suite (initdb: not found)');
      expect(() => testPostgresUrl()).toThrow(HOW_TO_GET_POSTGRES);
    } finally {
      for (const [key, value] of [
        ['HJR_TEST_PG_URL', saved.url],
        [SHARED_URL_ENV, saved.shared],
        [SHARED_ERROR_ENV, saved.error],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
