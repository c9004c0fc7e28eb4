/**
 * The start-up banner of the real built CLI: the debugger URL, per tenant its consume, login,
 * logout and vendor entry URLs and its window in the tenant's own numbers (never an option's
 * name), what `--db :memory:` loses at exit, and how a receiver on every interface is reached.
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { reachableUrls } from '../../src/banner';
import { consumeUrl, freshJti, request, sign } from '../helpers/receiver';
import { assertBuilt, cleanup, serve, tempDir } from './harness';
import { happyfoxNow, nowSeconds } from './tokens';

jest.setTimeout(30_000);
beforeAll(assertBuilt);
afterEach(cleanup);

const SECRET = 'banner-test-secret-0123456789';
const ADMIN_TOKEN = 'banner-admin-token-0123456789';

/** One tenant per vendor, each with options that change its window. */
const FIVE_TENANTS = [
  { id: 'default', profile: 'happyfox', secret: SECRET, options: { maxIatAgeSeconds: 300, futureIatToleranceSeconds: 10 } },
  { id: 'mojo', profile: 'mojo', secret: SECRET, options: { maxIatAgeSeconds: 60, futureIatToleranceSeconds: 0 } },
  { id: 'deskpro', profile: 'deskpro', secret: SECRET, remoteLoginUrl: 'https://idp.example.com/deskpro/login', options: { strictDocs: true } },
  {
    id: 'zendesk',
    profile: 'zendesk',
    secret: SECRET,
    remoteLogoutUrl: 'https://idp.example.com/logout',
    options: { iatSkewSeconds: 120, futureIatToleranceSeconds: 2 },
  },
  { id: 'zoho', profile: 'zoho-asap', secret: SECRET, options: { allowAltClaims: true, futureIatToleranceSeconds: 30, accessTokenTtlSeconds: 600 } },
];

function configFile(tenants: unknown[]): string {
  const path = join(tempDir(), 'receiver.json');
  writeFileSync(path, JSON.stringify({ server: { port: 0, db: ':memory:', logLevel: 'silent' }, tenants }));
  return path;
}

/** The banner's block for one tenant: from its `tenant` line to the blank line after `claims`. */
function block(banner: string, id: string): string[] {
  const lines = banner.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`tenant ${id} (`));
  const end = lines.indexOf('', start);
  expect(start).toBeGreaterThan(0);
  return lines.slice(start, end);
}

describe('the banner of five tenants, one per vendor', () => {
  test('each tenant: its URLs, its vendor entries, its window in its own numbers, its claims', async () => {
    const served = await serve(['--config', configFile(FIVE_TENANTS)]);
    // serve() returns at the first tenant's end; a banner this long may reach the pipe in pieces.
    await served.proc.waitFor(/\ntenant zoho \(Zoho Desk ASAP\)\n[\s\S]*?\n {2}claims .*\n\n/);
    const rx = { ...served, banner: served.proc.stdout() };
    const u = rx.url;
    expect(rx.banner).toContain(
      `\n  debugger  ${u}/_receiver/  (every attempt with its checks, the clock, a dry run; loopback clients only: --admin-token lets others in)\n`,
    );
    expect(rx.banner).toContain('\n  tenants   default (HappyFox), mojo (Mojo Helpdesk), deskpro (Deskpro), zendesk (Zendesk), zoho (Zoho Desk ASAP)\n');

    expect(block(rx.banner, 'default')).toEqual([
      'tenant default (HappyFox)',
      `  consume   ${u}/jwt/?token=<HS256 JWT>&return_to=/tickets  (GET)`,
      `  login     ${u}/login  (no remoteLoginUrl: a page naming the consume URL)`,
      `  logout    ${u}/logout  (ends the session)`,
      `  portal    ${u}/home  ${u}/tickets  ${u}/kb`,
      '  secret    (from your configuration; not printed)',
      '  window    iat at most 300 s old, at most 10 s in the future; exp and nbf when present (10 s tolerance)',
      '  claims    iat, jti, email, name?',
    ]);
    expect(block(rx.banner, 'mojo')).toContain('  window    iat at most 60 s old, at most 0 s in the future; exp and nbf when present (0 s tolerance)');
    expect(block(rx.banner, 'deskpro')).toEqual([
      'tenant deskpro (Deskpro)',
      `  consume   ${u}/t/deskpro/login/authenticate-callback/1?jwt=<HS256 JWT>&return=/tickets  (GET or POST; a POST takes jwt in a form or JSON body)`,
      `  consume   ${u}/t/deskpro/agent/login/authenticate-callback/1?jwt=<HS256 JWT>  (GET or POST; a POST takes jwt in a form or JSON body)`,
      `  sso entry GET ${u}/t/deskpro/login/authenticate/1  (to remoteLoginUrl with return=<the callback URL>)`,
      `  agent sso GET ${u}/t/deskpro/agent/login/authenticate/1  (the agents' entry; their callback lands on /agent)`,
      `  login     ${u}/t/deskpro/login  -> remoteLoginUrl https://idp.example.com/deskpro/login`,
      `  logout    ${u}/t/deskpro/logout  (ends the session)`,
      `  portal    ${u}/t/deskpro/home  ${u}/t/deskpro/tickets  ${u}/t/deskpro/kb`,
      '  secret    (from your configuration; not printed)',
      '  window    iat and nbf at most 900 s in the future, refused from 900 s after exp; no maximum age for iat; iat and exp required (strictDocs)',
      '  claims    id, email, name?, first_name?, last_name?, iat, exp, nbf?, jti',
    ]);
    const zendesk = block(rx.banner, 'zendesk');
    expect(zendesk).toContain(
      `  consume   ${u}/t/zendesk/access/jwt?jwt=<HS256 JWT>&return_to=/tickets  (POST or GET; a POST takes jwt in a form or JSON body)`,
    );
    expect(zendesk).toContain(
      `  logout    ${u}/t/zendesk/logout  -> remoteLogoutUrl https://idp.example.com/logout; refused logins go there too, with message and kind=error`,
    );
    expect(zendesk).toContain('  window    |now - iat| at most 120 s, past or future; exp and nbf when present (2 s tolerance)');
    const zoho = block(rx.banner, 'zoho');
    expect(zoho).toContain(`  consume   ${u}/t/zoho/asap/jwt?jwt=<HS256 JWT>  (POST; a POST takes jwt in a form or JSON body)`);
    expect(zoho).toContain(`  me        GET ${u}/t/zoho/asap/me  (Authorization: Bearer <the access_token POST /asap/jwt returned>)`);
    expect(zoho).toContain(
      '  window    now within [not_before - 30 s, not_after + 30 s] (milliseconds), not_after - not_before at most 600000 ms; or [nbf (or iat) in seconds, exp in milliseconds] (allowAltClaims); the access token lives 600 s',
    );
    // Numbers, never the names of the options that hold them.
    expect(rx.banner).not.toMatch(/futureIatToleranceSeconds|iatSkewSeconds|maxIatAgeSeconds|accessTokenTtlSeconds/);

    // The numbers are the ones the tenants apply: 250 s old passes HappyFox's 300 s here, 150 s fails Zendesk's 120 s.
    expect((await request(consumeUrl(u, '/jwt/', { token: await happyfoxNow(SECRET, { iat: nowSeconds() - 250 }) }))).result).toBe('accepted');
    const zendeskToken = await sign({ iat: nowSeconds() - 150, jti: freshJti(), email: 'zoe@example.com', name: 'Zoe' }, SECRET);
    expect((await request(consumeUrl(`${u}/t/zendesk`, '/access/jwt', { jwt: zendeskToken }))).result).toBe('token_expired');
    // And the URLs answer: the Deskpro entry goes to the remote login, Zoho's /asap/me wants a bearer token.
    expect((await request(`${u}/t/deskpro/login/authenticate/1`)).location).toMatch(/^https:\/\/idp\.example\.com\/deskpro\/login\?return=/);
    expect((await request(`${u}/t/zoho/asap/me`)).status).toBe(401);
  });
});

describe('--db :memory:', () => {
  test('says that the store and the generated secret are lost at exit', async () => {
    const rx = await serve(['--port', '0', '--db', ':memory:']);
    expect(rx.banner).toContain('\n  database  :memory:  (nothing is kept: the attempts, users, sessions and the generated secret are lost at exit)\n');
    expect(rx.banner).toMatch(/\n {2}secret {4}[A-Za-z0-9]{32} {3}\(generated now; lost at exit with the :memory: database\)\n/);
    expect(rx.secret).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  test('with a given secret, only the store', async () => {
    const rx = await serve(['--port', '0', '--db', ':memory:', '--secret', SECRET]);
    expect(rx.banner).toContain('\n  database  :memory:  (nothing is kept: the attempts, users and sessions are lost at exit)\n');
    expect(rx.banner).not.toContain(SECRET);
  });

  test('a database file is named as it is', async () => {
    const path = join(tempDir(), 'r.db');
    const rx = await serve(['--port', '0', '--db', path]);
    expect(rx.banner).toContain(`\n  database  ${path}\n`);
    expect(rx.banner).toContain('   (generated once, kept in the database)');
  });
});

describe('--host 0.0.0.0', () => {
  const interfaceUrls = (port: string) =>
    Object.values(networkInterfaces())
      .flat()
      .filter((i) => i?.family === 'IPv4')
      .map((i) => `http://${i?.address}:${port}`);

  test('lists the reachable URLs, loopback first, and says the debugger is off without --admin-token and how to turn it on', async () => {
    const rx = await serve(['--host', '0.0.0.0', '--port', '0', '--db', ':memory:', '--secret', SECRET]);
    const port = /:(\d+)$/.exec(rx.url)?.[1] as string;
    expect(rx.banner).toContain(`listening on http://0.0.0.0:${port} (every interface)\n`);
    const reachable = /\n {2}reachable (.*)\n/.exec(rx.banner)?.[1]?.split('  ') ?? [];
    expect(reachable[0]).toBe(`http://127.0.0.1:${port}`);
    expect([...reachable].sort()).toEqual([...new Set(interfaceUrls(port))].sort());
    expect(rx.banner).toContain(
      `\n  debugger  off, like the API: listening beyond loopback without --admin-token. Restart with --admin-token <at least 16 characters> (or HJR_ADMIN_TOKEN) and open http://127.0.0.1:${port}/_receiver/, or listen on 127.0.0.1\n`,
    );
    // The tenant's URLs use an address a browser can open.
    expect(rx.banner).toContain(`  consume   http://127.0.0.1:${port}/jwt/?token=`);
    // What the banner says is so: the API the debugger reads is off, even from loopback.
    expect((await request(`http://127.0.0.1:${port}/_receiver/attempts`, { json: true })).result).toBe('api_disabled');
  });

  test('with --admin-token: the debugger at the loopback URL, the page asks for the token', async () => {
    const rx = await serve(['--host', '0.0.0.0', '--port', '0', '--db', ':memory:', '--secret', SECRET, '--admin-token', ADMIN_TOKEN]);
    const port = /:(\d+)$/.exec(rx.url)?.[1] as string;
    expect(rx.banner).toContain(`\n  debugger  http://127.0.0.1:${port}/_receiver/  (the page asks for the admin token; any address above works)\n`);
    expect(rx.banner).not.toContain(ADMIN_TOKEN);
    for (const url of interfaceUrls(port)) {
      expect((await request(`${url}/_receiver/`)).status).toBe(200);
      expect((await request(`${url}/_receiver/attempts`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    }
  });
});

describe('reachableUrls', () => {
  const nic = (address: string, family: 'IPv4' | 'IPv6', internal: boolean) =>
    ({ address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as never;
  const interfaces = {
    eth0: [nic('192.0.2.10', 'IPv4', false), nic('2001:db8::10', 'IPv6', false), nic('fe80::1', 'IPv6', false)],
    lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  };
  const at = (address: string, family: string): AddressInfo => ({ address, family, port: 8080 });

  test('0.0.0.0: IPv4 addresses, loopback first', () => {
    expect(reachableUrls(at('0.0.0.0', 'IPv4'), interfaces)).toEqual(['http://127.0.0.1:8080', 'http://192.0.2.10:8080']);
  });

  test(':: also IPv6 ones in brackets, without link-local addresses (they need a zone id)', () => {
    expect(reachableUrls(at('::', 'IPv6'), interfaces)).toEqual([
      'http://127.0.0.1:8080',
      'http://[::1]:8080',
      'http://192.0.2.10:8080',
      'http://[2001:db8::10]:8080',
    ]);
  });
});
