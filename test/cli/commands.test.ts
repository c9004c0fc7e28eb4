import { readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PROFILE_IDS } from '../../src/vendors';
import { MIGRATIONS_DIR } from '../../src/store/database';
import { STACK_FRAME, assertBuilt, cleanup, closedPort, runCli, serve, tempDir } from './harness';

jest.setTimeout(30_000);
beforeAll(assertBuilt);
afterEach(cleanup);

describe('healthcheck', () => {
  test('exits 0 against a running receiver', async () => {
    const dir = tempDir();
    const running = await serve(['--port', '0', '--db', join(dir, 'r.db'), '--log-level', 'silent']);
    const run = await runCli(['healthcheck', '--url', running.url, '--timeout', '2000']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('200 ok\n');
  });

  test('the URL may come from HJR_URL', async () => {
    const dir = tempDir();
    const running = await serve(['--port', '0', '--db', join(dir, 'r.db'), '--log-level', 'silent']);
    const run = await runCli(['healthcheck', '--timeout', '2000'], { env: { HJR_URL: running.url } });
    expect(run.code).toBe(0);
  });

  test('exits 1, quickly, against a closed port', async () => {
    const port = await closedPort();
    const started = Date.now();
    const run = await runCli(['healthcheck', '--url', `http://127.0.0.1:${port}`, '--timeout', '1000'], { ms: 5_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^unhealthy: /);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  test('exits 1 after --timeout against a server that never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const { port } = silent.address() as { port: number };
      const started = Date.now();
      const run = await runCli(['healthcheck', '--url', `http://127.0.0.1:${port}`, '--timeout', '500'], { ms: 5_000 });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^unhealthy: /);
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});

describe('a broken config file stops start-up, naming the exact path at fault', () => {
  /** Writes `content` to a config file and runs `serve` with it; it must fail without listening. */
  async function serveWith(content: string, extraArgs: string[] = ['--port', '0']) {
    const dir = tempDir();
    const configPath = join(dir, 'receiver.json');
    writeFileSync(configPath, content);
    const run = await runCli(['serve', '--config', configPath, '--db', join(dir, 'r.db'), '--log-level', 'silent', ...extraArgs], { cwd: dir });
    return { ...run, configPath };
  }

  function expectRefused(
    run: { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; configPath: string },
    problem: string | RegExp,
  ) {
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain('listening on');
    expect(run.stderr).toContain(run.configPath);
    if (typeof problem === 'string') expect(run.stderr).toContain(problem);
    else expect(run.stderr).toMatch(problem);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  }

  const tenant = (id: string, extra: Record<string, unknown> = {}) => ({ id, profile: 'happyfox', secret: `${id}-secret`, ...extra });

  test('bad JSON', async () => {
    const run = await serveWith('{"tenants": [ {"id": "a",, } ]');
    expectRefused(run, 'is not valid JSON');
  });

  test('a JSON value that is not an object', async () => {
    expectRefused(await serveWith('[]'), '(top level) must be a JSON object');
  });

  test('unknown profile: tenants[0].profile must be one of the profiles', async () => {
    const run = await serveWith(JSON.stringify({ tenants: [tenant('a', { profile: 'freshdesk-classic' })] }));
    expectRefused(run, `tenants[0].profile must be one of ${PROFILE_IDS.join(', ')}`);
  });

  test('missing secret: tenants[1].secret is required', async () => {
    const run = await serveWith(JSON.stringify({ tenants: [tenant('a'), { id: 'b', profile: 'mojo' }] }));
    expectRefused(run, 'tenants[1].secret is required');
  });

  test('wrong type: server.port must be a number', async () => {
    const run = await serveWith(JSON.stringify({ server: { port: '8080' }, tenants: [tenant('a')] }), []);
    expectRefused(run, 'server.port must be a number');
  });

  test('tenants[1].whitelist.mode must be one of referer, email, either', async () => {
    const run = await serveWith(JSON.stringify({ tenants: [tenant('a'), tenant('b', { whitelist: { enabled: true, mode: 'host' } })] }));
    expectRefused(run, 'tenants[1].whitelist.mode must be one of referer, email, either');
  });

  test('an unknown key, at the top level and inside a tenant', async () => {
    const run = await serveWith(JSON.stringify({ tenants: [tenant('a', { options: { maxIatAge: 300 } })], sever: {} }));
    expectRefused(run, 'tenants[0].options.maxIatAge is not a known setting');
    expect(run.stderr).toContain('sever is not a known setting');
  });

  test('a duplicate tenant id', async () => {
    const run = await serveWith(JSON.stringify({ tenants: [tenant('acme'), tenant('beta'), tenant('acme')] }));
    expectRefused(run, 'tenants[2].id repeats the id of tenants[0] (acme)');
  });

  test('several problems are all listed', async () => {
    const run = await serveWith(JSON.stringify({ server: { port: -1 }, tenants: [tenant('a', { profile: 'x' }), tenant('B')] }), []);
    expectRefused(run, 'server.port must be at least 0');
    expect(run.stderr).toContain(`tenants[0].profile must be one of ${PROFILE_IDS.join(', ')}`);
    expect(run.stderr).toContain('tenants[1].id must be 1-63 lower-case letters');
  });

  test('a remoteLoginUrl that is not a URL: tenants[0].remoteLoginUrl must be an absolute URL', async () => {
    const run = await serveWith(JSON.stringify({ tenants: [tenant('a', { remoteLoginUrl: 'idp.example.com/login' })] }));
    expectRefused(run, 'tenants[0].remoteLoginUrl must be an absolute URL');
  });

  test('a nonexistent file', async () => {
    const dir = tempDir();
    const missing = join(dir, 'no-such-config.json');
    const run = await runCli(['serve', '--config', missing, '--port', '0', '--db', join(dir, 'r.db')], { cwd: dir });
    expectRefused({ ...run, configPath: missing }, 'cannot read the file');
  });
});

describe('usage errors and migrate', () => {
  test('--profile bogus is refused with a usage error', async () => {
    const dir = tempDir();
    const run = await runCli(['serve', '--profile', 'bogus', '--port', '0', '--db', join(dir, 'r.db')], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain('listening on');
    expect(run.stderr).toContain("argument 'bogus' is invalid");
    expect(run.stderr).toContain(PROFILE_IDS.join(', '));
    expect(run.stderr).toContain('(serve --help shows the usage)');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  test('HJR_PROFILE=bogus is refused too', async () => {
    const dir = tempDir();
    const run = await runCli(['serve', '--port', '0', '--db', join(dir, 'r.db')], { cwd: dir, env: { HJR_PROFILE: 'bogus' } });
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain('listening on');
    expect(run.stderr).toContain('bogus');
  });

  test('--port that is not a port number is refused with a usage error', async () => {
    const dir = tempDir();
    const run = await runCli(['serve', '--port', '70000', '--db', join(dir, 'r.db')], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain('listening on');
    expect(run.stderr).toContain('must be a port number (0-65535)');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  test('migrate --db creates the schema (folder included) and prints the version; a second run changes nothing', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'nested', 'folder', 'm.db');
    const latest = Math.max(
      ...readdirSync(MIGRATIONS_DIR)
        .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
        .map((f) => Number.parseInt(f, 10)),
    );
    const run = await runCli(['migrate', '--db', dbPath], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${dbPath}: schema version ${latest}\n`);

    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    db.close();
    expect(tables).toEqual(expect.arrayContaining(['attempts', 'replay_ledger', 'schema_migrations', 'sessions', 'settings', 'users']));

    const again = await runCli(['migrate', '--db', dbPath], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${dbPath}: schema version ${latest}\n`);
    const db2 = new Database(dbPath, { readonly: true, fileMustExist: true });
    expect(db2.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(versions);
    db2.close();
  });

  test('migrate takes the database from HJR_DB', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'env.db');
    const run = await runCli(['migrate'], { cwd: dir, env: { HJR_DB: dbPath } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${dbPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: schema version \\d+\\n$`));
  });
});

describe('start-up failures other than the config', () => {
  test('a port already in use: exit 2 with the reason and what to do, no stack trace', async () => {
    const dir = tempDir();
    const taken: Server = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    try {
      const { port } = taken.address() as { port: number };
      const run = await runCli(['serve', '--port', String(port), '--db', join(dir, 'r.db'), '--log-level', 'silent'], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stdout).not.toContain('listening on');
      expect(run.stderr).toBe(
        `error: port ${port} on 127.0.0.1 is already in use (another receiver?): stop it, pick another with --port, or use --port 0 for a free one\n`,
      );
      expect(run.stderr).not.toMatch(STACK_FRAME);
    } finally {
      await new Promise<void>((r) => taken.close(() => r()));
    }
  });
});
