import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startupBanner } from '../../src/banner';
import { isLoopbackAddress, isLoopbackHost } from '../../src/http/api/access';
import { createApp } from '../../src/http/app';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { api, expectError, expectJson } from './support';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

/** A non-loopback address of this machine: connecting to it from here arrives from a non-loopback address. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
const onExternal = external ? test : test.skip;

/** Same port, reached through another address of this machine. */
const via = (rx: { url: string }, host: string) => rx.url.replace(/\/\/[^:/]+|\/\/\[[^\]]+\]/, `//${host}`);

/**
 * GET `path` from `target` (`{ host, port }` over TCP, or `{ socketPath }`) with this Host header:
 * fetch() cannot set Host, and the guards read it.
 */
function getWithHost(target: { host: string; port: number } | { socketPath: string }, path: string, host: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ ...target, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The receiver's app on a server of our own, listening where `listen` says (startServer binds one host only). */
async function ownServer(rx: TestReceiver, listen: (server: Server) => Promise<void>): Promise<Server> {
  const app = createApp({
    store: rx.store,
    tenants: rx.tenants,
    clock: rx.clock,
    logger: pino({ level: 'silent' }),
    maxUrlBytes: 16384,
    trustProxy: false,
    version: 'test',
  });
  const server = createServer(app.callback());
  await listen(server);
  return server;
}
const closeServer = (server: Server) => new Promise((resolve) => server.close(resolve));

const receivers: TestReceiver[] = [];
async function receiver(server: Record<string, unknown>): Promise<TestReceiver> {
  const rx = await startTestReceiver({ server });
  receivers.push(rx);
  return rx;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((rx) => rx.stop()));
});

describe('loopback only (no server.adminToken)', () => {
  test('a loopback client is served without a token', async () => {
    const rx = await receiver({});
    expect(rx.apiAccess).toBe('loopback');
    expectJson(await api(rx.url, 'GET', '/attempts'), 200);
  });

  test('behind a trusted proxy, a client the proxy saw elsewhere is api_loopback_only (403), even one that claims 127.0.0.1', async () => {
    const rx = await receiver({ trustProxy: true });
    const from = (xff: string) => api(rx.url, 'GET', '/tenants', undefined, { 'X-Forwarded-For': xff });
    const refused = expectError(await from('203.0.113.7'), 403, 'api_loopback_only');
    expect(refused.detail).toContain('203.0.113.7');
    expectError(await from('127.0.0.1, 203.0.113.7'), 403, 'api_loopback_only');
    expectError(await from('::1, 2001:db8::5'), 403, 'api_loopback_only');
    expectError(await from('unknown'), 403, 'api_loopback_only');
    expectJson(await from('127.0.0.1'), 200); // a proxy on this machine serving a local client
    // Health stays open to everyone (load balancers, `healthcheck`).
    expect((await api(rx.url, 'GET', '/health', undefined, { 'X-Forwarded-For': '203.0.113.7' })).status).toBe(200);
  });

  test('a loopback request addressed to another name (DNS rebinding) is api_loopback_only; localhost is fine', async () => {
    const rx = await receiver({});
    const port = Number(new URL(rx.url).port);
    const withHost = (host: string) => getWithHost({ host: '127.0.0.1', port }, '/_receiver/attempts', host);
    const rebound = await withHost(`evil.example:${port}`);
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatchObject({ error: 'api_loopback_only' });
    expect(rebound.body.detail).toContain('Host: evil.example'); // the Host guard's refusal, not the address check's
    expect((await withHost(`localhost:${port}`)).status).toBe(200);
    expect((await withHost(`127.0.0.1:${port}`)).status).toBe(200);
    expect((await withHost(`[::1]:${port}`)).status).toBe(200);
  });

  test('without trustProxy, X-Forwarded-For is not read: the socket decides', async () => {
    const rx = await receiver({});
    expectJson(await api(rx.url, 'GET', '/clock', undefined, { 'X-Forwarded-For': '203.0.113.7' }), 200);
  });

  // The address check itself, not the Host guard: the request names a loopback host, so only the
  // peer's address can refuse it (with the address check removed, these answer 200).
  onExternal('a real connection from a non-loopback address that sends Host: localhost or 127.0.0.1 is api_loopback_only', async () => {
    const rx = await receiver({});
    const server = await ownServer(rx, (s) => new Promise<void>((resolve) => s.listen(0, '0.0.0.0', resolve)));
    try {
      const port = (server.address() as AddressInfo).port;
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
        const refused = await getWithHost({ host: external as string, port }, '/_receiver/attempts', host);
        expect(refused.status).toBe(403);
        expect(refused.body).toMatchObject({ error: 'api_loopback_only' });
        expect(refused.body.detail).toContain(`came from ${external}`);
      }
      expect((await getWithHost({ host: '127.0.0.1', port }, '/_receiver/attempts', `localhost:${port}`)).status).toBe(200);
      expectJson(await api(`http://127.0.0.1:${port}`, 'GET', '/attempts'), 200);
    } finally {
      await closeServer(server);
    }
  });

  test('a peer with no IP address (a Unix socket) that sends Host: localhost is api_loopback_only', async () => {
    const rx = await receiver({});
    const socketPath = join(rx.dir, 'api.sock');
    const server = await ownServer(rx, (s) => new Promise<void>((resolve) => s.listen(socketPath, resolve)));
    try {
      const refused = await getWithHost({ socketPath }, '/_receiver/attempts', 'localhost');
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: 'api_loopback_only' });
      expect(refused.body.detail).toContain('came from an unknown address');
      // Health is not behind the guard: the socket itself works.
      expect((await getWithHost({ socketPath }, '/_receiver/health', 'localhost')).status).toBe(200);
    } finally {
      await closeServer(server);
    }
  });
});

describe('server.adminToken', () => {
  test('every client needs Authorization: Bearer <adminToken>; missing and wrong tokens are 401 with their own codes', async () => {
    const rx = await receiver({ adminToken: ADMIN_TOKEN });
    expect(rx.apiAccess).toBe('token');
    const missing = await api(rx.url, 'GET', '/attempts');
    expectError(missing, 401, 'admin_token_missing');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="_receiver"');
    expectError(
      await api(rx.url, 'GET', '/attempts', undefined, { Authorization: `Basic ${Buffer.from(`a:${ADMIN_TOKEN}`).toString('base64')}` }),
      401,
      'admin_token_missing',
    );

    const wrong = await api(rx.url, 'GET', '/attempts', undefined, { Authorization: `Bearer ${ADMIN_TOKEN.replace(/9$/, '8')}` });
    expectError(wrong, 401, 'admin_token_invalid');
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expectError(await api(rx.url, 'GET', '/attempts', undefined, { Authorization: 'Bearer short' }), 401, 'admin_token_invalid');
    expectError(await api(rx.url, 'GET', '/attempts', undefined, { Authorization: `Bearer ${ADMIN_TOKEN}x` }), 401, 'admin_token_invalid');

    expectJson(await api(rx.url, 'GET', '/attempts', undefined, { Authorization: `Bearer ${ADMIN_TOKEN}` }), 200);
    expectJson(await api(rx.url, 'PUT', '/clock', { advanceSeconds: 1 }, { Authorization: `bearer ${ADMIN_TOKEN}` }), 200);
    expect((await api(rx.url, 'GET', '/health')).status).toBe(200);
  });

  test('a bad token is refused before the input is read', async () => {
    const rx = await receiver({ adminToken: ADMIN_TOKEN });
    expectError(await api(rx.url, 'PUT', '/clock', '{not json'), 401, 'admin_token_missing');
  });

  test('the token is a config setting of at least 16 characters', async () => {
    await expect(startTestReceiver({ server: { adminToken: 'short' } })).rejects.toThrow('server.adminToken must be at least 16 characters');
  });

  test('with the token, a client behind a trusted proxy may come from anywhere', async () => {
    const rx = await receiver({ adminToken: ADMIN_TOKEN, trustProxy: true });
    expectJson(await api(rx.url, 'GET', '/users', undefined, { 'X-Forwarded-For': '203.0.113.7', Authorization: `Bearer ${ADMIN_TOKEN}` }), 200);
  });
});

describe('listening beyond loopback', () => {
  test('without adminToken the API is off (api_disabled, 403) for every client, health answers, and the banner says so', async () => {
    const rx = await receiver({ host: '0.0.0.0' });
    expect(rx.apiAccess).toBe('off');
    const local = via(rx, '127.0.0.1');
    expectError(await api(local, 'GET', '/attempts'), 403, 'api_disabled');
    expectError(await api(local, 'POST', '/tenants', { id: 'x', profile: 'mojo', secret: 's' }), 403, 'api_disabled');
    expect((await api(local, 'GET', '/health')).status).toBe(200);
    expect(rx.tenants.get('x')).toBeUndefined();
    expect(startupBanner(rx, 'test', rx.dbPath)).toContain(
      '  api       off: listening beyond loopback without server.adminToken (only /_receiver/health answers)',
    );
    expect(startupBanner(rx, 'test', rx.dbPath)).toContain('  debugger  off, like the API: listening beyond loopback without --admin-token.');
  });

  onExternal('with adminToken it answers a real non-loopback client that sends the token', async () => {
    const rx = await receiver({ host: '0.0.0.0', adminToken: ADMIN_TOKEN });
    const remote = via(rx, external as string);
    expectError(await api(remote, 'GET', '/tenants'), 401, 'admin_token_missing');
    expectJson(await api(remote, 'GET', '/tenants', undefined, { Authorization: `Bearer ${ADMIN_TOKEN}` }), 200);
    expect(startupBanner(rx, 'test', rx.dbPath)).toMatch(
      / {2}api {7}http:\/\/.*\/_receiver\/openapi\.json {2}\(inspection and control API; Authorization: Bearer <server\.adminToken>\)/,
    );
  });

  test('the banner of a loopback receiver names the API and who may use it', async () => {
    const rx = await receiver({});
    expect(startupBanner(rx, 'test', rx.dbPath)).toContain(`  api       ${rx.url}/_receiver/openapi.json  (inspection and control API; loopback clients only)`);
  });
});

describe('what counts as loopback', () => {
  test.each(['127.0.0.1', '127.8.9.10', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '[::1]'])('address %s is loopback', (a) => {
    expect(isLoopbackAddress(a)).toBe(true);
  });
  test.each(['10.0.0.1', '::ffff:10.0.0.1', '::', '0.0.0.0', 'fe80::1', '1.2.3.4:80', 'unknown', '', 'localhost'])('address %j is not', (a) => {
    expect(isLoopbackAddress(a)).toBe(false);
  });
  test.each([
    ['127.0.0.1', true],
    ['localhost', true],
    ['LOCALHOST.', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.0.2.2', false],
    ['receiver.example.com', false],
  ])('listen host %s: loopback %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
