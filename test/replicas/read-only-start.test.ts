import { randomBytes } from 'node:crypto';
import { assertBuilt, cleanup, runCli, serve, stop } from '../cli/harness';
import { happyfoxNow } from '../cli/tokens';
import { request } from '../helpers/receiver';
import { suiteSchema, testPostgresUrl, withClient } from '../helpers/postgres';
import { consume } from './support';

/**
 * The receiver (the built CLI) started on a PostgreSQL role that can only read, two ways: a role
 * granted SELECT and nothing more, and a role whose transactions are read-only
 * (default_transaction_read_only, as on a standby). Where the start needs a write (the migrations,
 * a generated secret), it exits 2 with the database's reason and what to do, never a stack trace.
 * Where everything it needs exists, it serves: logins 503 store_unavailable, health read_only.
 */
const pgUrl = testPostgresUrl();
const migrated = suiteSchema();
const fresh = suiteSchema();
const suffix = randomBytes(4).toString('hex');

interface Role {
  kind: string;
  user: string;
  password: string;
  /** The database's words for a refused write. */
  refused: RegExp;
}
const ROLES: Role[] = [
  { kind: 'a role granted only SELECT', user: `ro_select_${suffix}`, password: randomBytes(12).toString('hex'), refused: /permission denied for/ },
  { kind: 'a role whose transactions are read-only', user: `ro_tx_${suffix}`, password: randomBytes(12).toString('hex'), refused: /read-only transaction/ },
];
const [selectOnly, readOnlyTx] = ROLES as [Role, Role];

/** The test server's URL for `role` (or the owner) and `schema`. */
function dbUrl(schema: string, role?: Role): string {
  const url = new URL(pgUrl);
  if (role) {
    url.username = role.user;
    url.password = role.password;
  }
  url.searchParams.set('schema', schema);
  url.searchParams.set('connect_timeout', '2');
  return url.toString();
}

const NO_STACK = /\n\s+at /;

beforeAll(async () => {
  assertBuilt();
  const database = new URL(pgUrl).pathname.slice(1);
  await withClient(pgUrl, async (c) => {
    for (const r of ROLES) await c.query(`CREATE ROLE ${r.user} LOGIN PASSWORD '${r.password}'`);
    // Everything but writing: it may even create a schema, were its transactions not read-only.
    await c.query(`GRANT CREATE ON DATABASE ${database} TO ${readOnlyTx.user}`);
    await c.query(`ALTER ROLE ${readOnlyTx.user} SET default_transaction_read_only = on`);
  });
  // The owner migrates one schema, as an operator would before handing the read-only role out.
  const run = await runCli(['migrate', '--db', dbUrl(migrated.schema)], { ms: 30_000 });
  expect(run.code).toBe(0);
  await withClient(pgUrl, async (c) => {
    for (const r of ROLES) await c.query(`GRANT USAGE ON SCHEMA ${migrated.schema} TO ${r.user}`);
    await c.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${migrated.schema} TO ${selectOnly.user}`);
    await c.query(`GRANT ALL ON ALL TABLES IN SCHEMA ${migrated.schema} TO ${readOnlyTx.user}`);
  });
}, 60_000);
afterEach(cleanup);
afterAll(async () => {
  await migrated.drop();
  await fresh.drop();
  await withClient(pgUrl, async (c) => {
    for (const r of ROLES) {
      await c.query(`DROP OWNED BY ${r.user}`);
      await c.query(`DROP ROLE ${r.user}`);
    }
  });
});

describe.each(ROLES)('$kind', (role) => {
  test('migrations not applied: exit 2, the database named without the password, its reason and what to do; no stack trace', async () => {
    const run = await runCli(['serve', '--port', '0', '--db', dbUrl(fresh.schema, role), '--secret', 'k3ySecretForTests0123456789abcdef'], { ms: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`^error: cannot open the database postgres://${role.user}@127\\.0\\.0\\.1:\\d+/hjr\\?[^ ]*schema=${fresh.schema}[^ ]*: `),
    );
    expect(run.stderr).toMatch(role === selectOnly ? /permission denied for database/ : role.refused);
    expect(run.stderr).toContain("the schema's migrations are not applied and this role may not apply them");
    expect(run.stderr).toContain('run `helpdesk-jwt-receiver migrate --db');
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(run.stdout + run.stderr).not.toContain(role.password);
    expect(run.stdout).not.toContain('listening on');
    const created = await withClient(pgUrl, (c) => c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [fresh.schema]));
    expect(created.rowCount).toBe(0); // nothing half-made
  }, 60_000);

  test('migrated, but no generated secret yet: exit 2, the refused write and what to do; no stack trace', async () => {
    // --profile without --secret: the default tenant's secret is generated and kept in the store.
    const run = await runCli(['serve', '--port', '0', '--db', dbUrl(migrated.schema, role), '--profile', 'happyfox'], { ms: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^error: cannot open the database postgres://${role.user}@[^ ]+: a generated secret cannot be kept: `));
    expect(run.stderr).toMatch(role.refused);
    expect(run.stderr).toContain('start once with a role that may write');
    expect(run.stderr).toContain('give the secret (--secret or the config file)');
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(run.stdout + run.stderr).not.toContain(role.password);
  }, 60_000);
});

test('migrated with its secret: both read-only roles serve; logins 503 store_unavailable, health read_only, the secret the one generated', async () => {
  // The owner starts once: the secret is generated and kept.
  const owner = await serve(['--port', '0', '--db', dbUrl(migrated.schema), '--profile', 'happyfox']);
  expect(owner.secret).toMatch(/^[A-Za-z0-9]{20,}$/);
  const secret = owner.secret!;
  const accepted = await happyfoxNow(secret, { email: 'before@example.com' });
  expect(await consume(owner.url, accepted)).toEqual({ status: 302, result: 'accepted' });
  expect(await stop(owner.proc)).toMatchObject({ code: 0 });

  for (const role of ROLES) {
    const rx = await serve(['--port', '0', '--db', dbUrl(migrated.schema, role), '--profile', 'happyfox']);
    expect(rx.secret).toBe(secret); // read, not made again
    expect(await consume(rx.url, await happyfoxNow(secret, { email: 'during@example.com' }))).toEqual({ status: 503, result: 'store_unavailable' });
    expect(await consume(rx.url, accepted)).toEqual({ status: 503, result: 'store_unavailable' }); // no answer without the ledger's write
    const health = await request(`${rx.url}/_receiver/health`);
    expect(health.status).toBe(200);
    expect(health.json()).toMatchObject({
      status: 'read_only',
      database: role === selectOnly ? 'this role may not INSERT into the replay ledger or the attempts' : expect.stringMatching(/read-only/),
      tables: { users: { rows: 1 }, replay_ledger: { rows: 1 } },
    });
    expect(rx.proc.hasExited()).toBe(false);
    expect(rx.proc.stdout() + rx.proc.stderr()).not.toContain(role.password);
    expect(rx.proc.stderr()).not.toMatch(NO_STACK);
    await stop(rx.proc);
  }
}, 90_000);
