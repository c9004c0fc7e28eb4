import { existsSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { consumeUrl, request } from '../helpers/receiver';
import { assertBuilt, cleanup, serve, stop, tempDir } from './harness';
import { happyfoxNow, mojoNow } from './tokens';

jest.setTimeout(30_000);
beforeAll(assertBuilt);
afterEach(cleanup);

const login = (base: string, token: string) => request(consumeUrl(base, '/jwt/', { token }), { json: true });

function userRow(dbPath: string, email: string): Record<string, unknown> | undefined {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT * FROM users WHERE email = ?').get(email) as Record<string, unknown> | undefined;
  } finally {
    db.close();
  }
}

function integrity(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/**
 * A raw HTTP/1.1 connection, to hold a request half-sent across a signal. `response` resolves with
 * the first complete response (headers and Content-Length body); `closed` when the socket closes.
 */
function openSocket(base: string): Promise<{ socket: Socket; response: Promise<string>; closed: Promise<void> }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      let data = '';
      socket.setEncoding('utf8');
      socket.on('error', () => undefined);
      const closed = new Promise<void>((done) => socket.on('close', () => done()));
      const response = new Promise<string>((done) => {
        const complete = () => {
          const end = data.indexOf('\r\n\r\n');
          if (end < 0) return false;
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(data.slice(0, end))?.[1] ?? 0);
          return Buffer.byteLength(data.slice(end + 4)) >= length;
        };
        socket.on('data', (chunk: string) => {
          data += chunk;
          if (complete()) done(data);
        });
        socket.on('close', () => done(data));
      });
      resolve({ socket, response, closed });
    });
    socket.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('serve: generated secret, health, replay across restarts', () => {
  test('prints the URL and a generated 32-character secret that signs accepted tokens; a restart keeps the secret and the spent jti', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'r.db');
    const first = await serve(['--port', '0', '--db', dbPath, '--log-level', 'silent']);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.url).not.toMatch(/:0$/);
    expect(first.secret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(first.banner).toContain(`database  ${dbPath}`);
    expect(first.banner).toContain(`\n  debugger  ${first.url}/_receiver/  (`);
    expect((await request(`${first.url}/_receiver/`)).status).toBe(200);

    const health = await request(`${first.url}/_receiver/health`);
    expect(health.status).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });

    const token = await happyfoxNow(first.secret!);
    const accepted = await login(first.url, token);
    expect(accepted.status).toBe(302);
    expect(accepted.result).toBe('accepted');

    expect(await stop(first.proc)).toEqual({ code: 0, signal: null });

    const second = await serve(['--port', '0', '--db', dbPath, '--log-level', 'silent']);
    expect(second.secret).toBe(first.secret);
    const replayed = await login(second.url, token);
    expect(replayed.status).toBe(401);
    expect(replayed.result).toBe('token_replayed');
    expect(replayed.json()).toMatchObject({ error: 'token_replayed' });
    // The kept secret still signs new logins.
    expect((await login(second.url, await happyfoxNow(second.secret!))).result).toBe('accepted');
  });

  test('a kill -9 right after an accepted login loses nothing: the same token is token_replayed after a restart', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'r.db');
    const first = await serve(['--port', '0', '--db', dbPath, '--log-level', 'silent']);
    const token = await happyfoxNow(first.secret!, { email: 'killed@example.com' });
    expect((await login(first.url, token)).result).toBe('accepted');
    expect(await stop(first.proc, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await serve(['--port', '0', '--db', dbPath, '--log-level', 'silent']);
    expect(second.secret).toBe(first.secret);
    const again = await login(second.url, token);
    expect(again.status).toBe(401);
    expect(again.result).toBe('token_replayed');
    expect(userRow(dbPath, 'killed@example.com')).toMatchObject({ tenant: 'default', login_count: 1 });
  });
});

describe('serve: secrets given by flag, environment twins', () => {
  test('--secret is never printed, neither in the banner nor in the request log', async () => {
    const dir = tempDir();
    const secret = 'flag-Secret-that-must-never-be-printed-42';
    const running = await serve(['--port', '0', '--db', join(dir, 'r.db'), '--secret', secret, '--log-level', 'info']);
    expect(running.secret).toBeNull();
    expect(running.banner).toMatch(/secret {4}\(from your configuration; not printed\)/);
    const token = await happyfoxNow(secret);
    expect((await login(running.url, token)).result).toBe('accepted');
    expect((await login(running.url, token)).result).toBe('token_replayed');
    expect(await stop(running.proc)).toEqual({ code: 0, signal: null });
    const output = running.proc.stdout() + running.proc.stderr();
    expect(output).toContain('"path":"/jwt/"'); // the request log did run
    expect(output).not.toContain(secret);
    expect(output).not.toContain(token);
  });

  test('HJR_PORT, HJR_PROFILE=mojo, HJR_SECRET, HJR_DB, HJR_HOST, HJR_LOG_LEVEL configure serve without flags', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'env.db');
    const secret = 'env-secret-0123456789';
    const running = await serve([], {
      cwd: dir,
      env: { HJR_PORT: '0', HJR_PROFILE: 'mojo', HJR_SECRET: secret, HJR_DB: dbPath, HJR_HOST: '127.0.0.1', HJR_LOG_LEVEL: 'silent' },
    });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.url).not.toMatch(/:(0|8080)$/);
    expect(running.banner).toContain('tenant default (Mojo Helpdesk)');
    expect(running.banner).not.toContain(secret);
    expect(running.secret).toBeNull();

    const token = await mojoNow(secret, { email: 'env@example.com' });
    const ok = await request(consumeUrl(running.url, '/jwt/consume', { token }));
    expect(ok.status).toBe(302);
    expect(ok.result).toBe('accepted');
    expect((await request(consumeUrl(running.url, '/jwt/', { token: await mojoNow(secret) }))).status).toBe(404);
    // Signed with anything but HJR_SECRET: refused.
    expect((await request(consumeUrl(running.url, '/jwt/consume', { token: await mojoNow('another-secret') }))).result).toBe('signature_invalid');

    expect(await stop(running.proc)).toEqual({ code: 0, signal: null });
    expect(running.proc.stdout()).not.toMatch(/"msg":"request"/); // HJR_LOG_LEVEL=silent
    expect(userRow(dbPath, 'env@example.com')).toMatchObject({ tenant: 'default', first_name: 'John' });
    expect(existsSync(join(dir, '.receiver'))).toBe(false); // the default db path was not used
  });

  test('HJR_ADMIN_TOKEN (or --admin-token) guards the inspection API and is never printed', async () => {
    const dir = tempDir();
    const adminToken = 'admin-token-0123456789abcdef';
    const running = await serve(['--port', '0', '--db', join(dir, 'r.db'), '--secret', 'any-secret-0123'], { cwd: dir, env: { HJR_ADMIN_TOKEN: adminToken } });
    expect(running.banner).not.toContain(adminToken);
    expect((await request(`${running.url}/_receiver/attempts`)).status).toBe(401);
    const ok = await request(`${running.url}/_receiver/attempts`, { headers: { Authorization: `Bearer ${adminToken}` } });
    expect(ok.status).toBe(200);
    expect(await stop(running.proc)).toEqual({ code: 0, signal: null });
    expect(running.proc.stdout() + running.proc.stderr()).not.toContain(adminToken);
  });

  test('HJR_CONFIG names the config file; a flag beats its environment twin', async () => {
    const dir = tempDir();
    const configPath = join(dir, 'receiver.json');
    writeFileSync(
      configPath,
      JSON.stringify({ server: { port: 8080, logLevel: 'silent' }, tenants: [{ id: 'acme', profile: 'mojo', secret: 'acme-secret' }] }),
    );
    const running = await serve(['--port', '0', '--db', join(dir, 'r.db')], {
      env: { HJR_CONFIG: configPath, HJR_PORT: '1', HJR_DB: join(dir, 'not-this.db') },
    });
    expect(running.url).not.toMatch(/:(1|8080)$/);
    expect(running.banner).toContain('tenant acme (Mojo Helpdesk)');
    expect(existsSync(join(dir, 'r.db'))).toBe(true);
    expect(existsSync(join(dir, 'not-this.db'))).toBe(false);
    const token = await mojoNow('acme-secret');
    expect((await request(consumeUrl(running.url, '/t/acme/jwt/consume', { token }))).result).toBe('accepted');
  });
});

describe('serve: shutting down', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('%s: exit code 0, the database closed cleanly with the accepted login in it', async (signal) => {
    const dir = tempDir();
    const dbPath = join(dir, 'r.db');
    const running = await serve(['--port', '0', '--db', dbPath, '--log-level', 'silent']);
    expect((await login(running.url, await happyfoxNow(running.secret!, { email: `${signal.toLowerCase()}@example.com` }))).result).toBe('accepted');
    expect(existsSync(`${dbPath}-wal`)).toBe(true); // WAL mode while running

    expect(await stop(running.proc, signal)).toEqual({ code: 0, signal: null });
    expect(running.proc.stdout()).toContain(`${signal}: finishing in-flight requests and closing the database`);
    expect(running.proc.stderr()).toBe('');
    expect(existsSync(`${dbPath}-wal`)).toBe(false); // the last connection checkpointed and removed it
    expect(integrity(dbPath)).toBe('ok');
    expect(userRow(dbPath, `${signal.toLowerCase()}@example.com`)).toMatchObject({ tenant: 'default', login_count: 1 });
  });

  test('a login request already started when SIGTERM arrives is answered in full and recorded', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'r.db');
    const running = await serve(['--port', '0', '--db', dbPath, '--log-level', 'silent']);
    const token = await happyfoxNow(running.secret!, { email: 'inflight@example.com' });
    const { socket, response } = await openSocket(running.url);
    // The request line and a first header now; the rest after the signal.
    socket.write(`GET /jwt/?token=${token} HTTP/1.1\r\nHost: receiver\r\n`);
    await sleep(200);
    const exited = running.proc.exited(10_000);
    running.proc.child.kill('SIGTERM');
    await running.proc.waitFor(/SIGTERM: finishing/);
    await sleep(200);
    expect(running.proc.hasExited()).toBe(false); // still waiting for the in-flight request
    socket.write('Accept: application/json\r\n\r\n');
    const raw = await response;
    expect(raw).toMatch(/^HTTP\/1\.1 302 Found\r\n/);
    expect(raw).toMatch(/\r\nX-Receiver-Result: accepted\r\n/i);
    expect(raw).toMatch(/\r\nLocation: \/home\r\n/i);
    expect(raw).toMatch(/\r\nset-cookie: hjr_session_default=/i);
    socket.end(); // this client is done; whether the server closes by itself is the next test
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    expect(userRow(dbPath, 'inflight@example.com')).toMatchObject({ login_count: 1 });
  });

  test('after SIGTERM, the in-flight response closes its connection, so the exit does not wait for the keep-alive timeout', async () => {
    const dir = tempDir();
    const running = await serve(['--port', '0', '--db', join(dir, 'r.db'), '--log-level', 'silent']);
    const { socket, response, closed } = await openSocket(running.url);
    socket.write('GET /_receiver/health HTTP/1.1\r\nHost: receiver\r\n');
    await sleep(200);
    const exited = running.proc.exited(15_000);
    running.proc.child.kill('SIGTERM');
    await running.proc.waitFor(/SIGTERM: finishing/);
    socket.write('Connection: keep-alive\r\n\r\n');
    const raw = await response;
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    const answeredAt = Date.now();
    await closed;
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - answeredAt).toBeLessThan(2_000); // not Node's 5 s keep-alive timeout
  });

  test('an idle keep-alive connection does not hold up SIGTERM', async () => {
    const dir = tempDir();
    const running = await serve(['--port', '0', '--db', join(dir, 'r.db'), '--log-level', 'silent']);
    const { socket, response } = await openSocket(running.url);
    socket.write('GET /_receiver/health HTTP/1.1\r\nHost: receiver\r\nConnection: keep-alive\r\n\r\n');
    await new Promise<void>((r) => socket.once('data', () => r()));
    const started = Date.now();
    expect(await stop(running.proc, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(4_000); // well under Node's 5 s keep-alive timeout
    expect(await response).toMatch(/^HTTP\/1\.1 200 OK/);
  });
});
