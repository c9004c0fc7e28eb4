import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, cleanup, closedPort, runCli, startCli, tempDir } from '../cli/harness';
import { suiteSchema, testPostgresUrl, withClient } from '../helpers/postgres';
import { latestPostgresVersion } from '../../src/store/postgres/migrate';

/** `migrate` and `serve` given a PostgreSQL URL: migrated, or refused with the location, never the password. */
const pgUrl = testPostgresUrl();
const suite = suiteSchema();
const PASSWORD = 'not-to-be-printed-0123';

beforeAll(assertBuilt);
afterEach(cleanup);
afterAll(() => suite.drop());

const withSchema = (url: string, params: Record<string, string>) => {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
};

test('migrate creates the schema on PostgreSQL and prints its version, not the password', async () => {
  const run = await runCli(['migrate', '--db', withSchema(pgUrl, { schema: suite.schema })], { ms: 30_000 });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(new RegExp(`^postgres://hjr@127\\.0\\.0\\.1:\\d+/hjr\\?schema=${suite.schema}: schema version ${latestPostgresVersion()}\\n$`));
  expect(run.stdout + run.stderr).not.toContain(new URL(pgUrl).password);
  const tables = await withClient(pgUrl, (c) => c.query('SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1', [suite.schema]));
  expect(tables.rows[0].n).toBeGreaterThan(5);
  // Again: nothing left to do, same answer.
  expect((await runCli(['migrate', '--db', withSchema(pgUrl, { schema: suite.schema })], { ms: 30_000 })).code).toBe(0);
}, 60_000);

test('serve on a PostgreSQL nobody listens at: exit 2, the location named, the password not (also via HJR_DB)', async () => {
  const url = `postgres://someone:${PASSWORD}@127.0.0.1:${await closedPort()}/db?connect_timeout=1`;
  for (const run of [
    await runCli(['serve', '--port', '0', '--db', url, '--secret', 'k3ySecretForTests0123456789abcdef'], { ms: 30_000 }),
    await runCli(['serve', '--port', '0', '--secret', 'k3ySecretForTests0123456789abcdef'], { ms: 30_000, env: { HJR_DB: url } }),
  ]) {
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot open the database postgres:\/\/someone@127\.0\.0\.1:\d+\/db\?schema=helpdesk_jwt_receiver: .*ECONNREFUSED/);
    expect(run.stderr).toContain('HJR_DB');
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  }
}, 60_000);

test('a PostgreSQL URL the store cannot read: exit 2 naming the setting, without the password', async () => {
  const run = await runCli(['migrate', '--db', `postgresql://u:${PASSWORD}@127.0.0.1:1/db?pool_size=many`], { ms: 30_000 });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('cannot open the database postgresql://u@127.0.0.1:1/db?pool_size=many: pool_size must be a positive whole number');
  expect(run.stdout + run.stderr).not.toContain(PASSWORD);
}, 30_000);

test('server.db in the config file takes the URL too; the JSON ready line names the database without the password', async () => {
  const dir = tempDir();
  const config = join(dir, 'receiver.json');
  const db = withSchema(pgUrl, { schema: suite.schema });
  writeFileSync(config, JSON.stringify({ server: { db }, tenants: [{ id: 'default', profile: 'happyfox', secret: 'k3ySecretForTests0123456789abcdef' }] }));
  const proc = startCli(['serve', '--config', config, '--port', '0', '--log-format', 'json']);
  const [line] = await proc.waitFor(/^\{"event":"ready".*$/m, 30_000);
  const ready = JSON.parse(line);
  expect(ready.database).toBe(`postgres://hjr@127.0.0.1:${new URL(pgUrl).port}/hjr?schema=${suite.schema}`);
  expect(proc.stdout() + proc.stderr()).not.toContain(new URL(pgUrl).password);
}, 60_000);
