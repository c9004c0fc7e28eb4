import { SECRET, T0, consumeUrl, happyfoxToken, mojoToken, request, sign, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load';
import { PROFILE_IDS } from '../../src/vendors';
import { startServer } from '../../src/server';
import { api, expectError, expectJson } from './support';

const ROTATED = 'rotated-secret-for-acme-0123456789';

let rx: TestReceiver;
beforeEach(async () => {
  rx = await startTestReceiver({ tenants: [{ id: 'default', profile: 'happyfox', secret: SECRET }] });
});
afterEach(() => rx.stop());

describe('GET /_receiver/tenants', () => {
  test('every tenant with its settings; secrets counted, never shown', async () => {
    const res = await api(rx.url, 'GET', '/tenants');
    const { tenants } = expectJson(res, 200);
    expect(tenants).toEqual([
      {
        id: 'default',
        profile: 'happyfox',
        vendor: 'HappyFox',
        path: '/',
        consume: ['GET /jwt/'],
        algorithms: ['HS256'],
        secrets: { count: 1, source: 'config' },
        remoteLoginUrl: null,
        remoteLogoutUrl: null,
        whitelist: { enabled: false, mode: 'referer', domains: [], allowMissingReferer: false },
        options: expect.objectContaining({ futureIatToleranceSeconds: 5, sessionTtlSeconds: 28800 }),
      },
    ]);
    expect(res.body).not.toContain(SECRET);
    expect(expectJson(await api(rx.url, 'GET', '/tenants/default'), 200).id).toBe('default');
    expectError(await api(rx.url, 'GET', '/tenants/acme'), 404, 'tenant_unknown');
  });
});

describe('POST /_receiver/tenants', () => {
  test('a tenant created at run time serves its consume route on the next request', async () => {
    expectError(await request(consumeUrl(`${rx.url}/t/acme`, '/jwt/consume', { token: await mojoToken() }), { json: true }), 404, 'tenant_unknown');
    const res = await api(rx.url, 'POST', '/tenants', {
      id: 'acme',
      profile: 'mojo',
      secret: 'acme-secret-0123456789',
      remoteLoginUrl: 'https://idp.example.com/login',
    });
    const created = expectJson(res, 201);
    expect(res.headers.get('location')).toBe('/_receiver/tenants/acme');
    expect(created).toMatchObject({
      id: 'acme',
      profile: 'mojo',
      path: '/t/acme/',
      consume: ['GET /t/acme/jwt/consume'],
      secrets: { count: 1, source: 'config' },
      remoteLoginUrl: 'https://idp.example.com/login',
    });
    expect(res.body).not.toContain('acme-secret-0123456789');

    const login = await request(consumeUrl(`${rx.url}/t/acme`, '/jwt/consume', { token: await mojoToken({}, 'acme-secret-0123456789') }));
    expect(login.result).toBe('accepted');
    expect(login.location).toBe('/t/acme/home');
    expect(expectJson(await api(rx.url, 'GET', '/users?tenant=acme'), 200).users).toHaveLength(1);
    expect(expectJson(await api(rx.url, 'GET', '/tenants'), 200).tenants.map((t: { id: string }) => t.id)).toEqual(['default', 'acme']);
  });

  test('an id already served is tenant_exists (409)', async () => {
    expectError(await api(rx.url, 'POST', '/tenants', { id: 'default', profile: 'mojo', secret: 'x' }), 409, 'tenant_exists');
  });

  test.each([
    [{ id: 'acme', profile: 'happyfox', secret: 's', whitelist: { mode: 'host' } }, ['whitelist.mode must be one of referer, email, either']],
    [{ id: 'acme', profile: 'mojo' }, ['secret is required (or secrets: [...])']],
    [{ profile: 'mojo', secret: 's' }, ['id is required']],
    [
      { id: 'Acme!', profile: 'freshdesk', secret: 's' },
      ['id must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit', `profile must be one of ${PROFILE_IDS.join(', ')}`],
    ],
    [
      { id: 'acme', profile: 'mojo', secret: 's', options: { maxIatAge: 300, sessionTtlSeconds: 1.5 } },
      ['options.sessionTtlSeconds must be a whole number', 'options.maxIatAge is not a known setting'],
    ],
    [{ id: 'acme', profile: 'mojo', secret: 's', options: { allowGet: false } }, ["options.allowGet is a zendesk option; this tenant's profile is mojo"]],
    [{ id: 'acme', profile: 'mojo', secret: 's', secrets: ['t'] }, ['secrets give either secret or secrets, not both']],
    [{ id: 'acme', profile: 'mojo', secret: 's', remoteLoginUrl: 'ftp://idp' }, ['remoteLoginUrl must be an http or https URL']],
  ])('%j is request_invalid, named as in the config file', async (body, problems) => {
    const err = expectError(await api(rx.url, 'POST', '/tenants', body), 400, 'request_invalid');
    expect(err.problems).toEqual(expect.arrayContaining(problems));
    expect(err.problems).toHaveLength(problems.length);
    expect(expectJson(await api(rx.url, 'GET', '/tenants'), 200).tenants).toHaveLength(1);
  });
});

describe('PATCH /_receiver/tenants/:id', () => {
  test('secret rotation takes effect on the next request: the old secret fails, the new one passes', async () => {
    const before = await happyfoxToken();
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: before }))).result).toBe('accepted');
    const res = await api(rx.url, 'PATCH', '/tenants/default', { secrets: [ROTATED] });
    expect(expectJson(res, 200).secrets).toEqual({ count: 1, source: 'config' });
    expect(res.body).not.toContain(ROTATED);
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }))).result).toBe('signature_invalid');
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({}, ROTATED) }))).result).toBe('accepted');
  });

  test('a merge patch: whitelist and options change, the rest stays; null goes back to the default', async () => {
    const patched = expectJson(
      await api(rx.url, 'PATCH', '/tenants/default', {
        whitelist: { enabled: true, mode: 'email', domains: ['Example.COM'] },
        options: { maxIatAgeSeconds: 300 },
      }),
      200,
    );
    expect(patched.whitelist).toEqual({ enabled: true, mode: 'email', domains: ['example.com'], allowMissingReferer: false });
    expect(patched.options).toMatchObject({ maxIatAgeSeconds: 300, sessionTtlSeconds: 28800 });
    expect(patched.secrets.count).toBe(1);
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ email: 'x@other.org' }) }))).result).toBe('domain_not_whitelisted');
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat: T0 - 250 }) }))).result).toBe('accepted');

    const reverted = expectJson(await api(rx.url, 'PATCH', '/tenants/default', { whitelist: null, options: { maxIatAgeSeconds: null } }), 200);
    expect(reverted.whitelist.enabled).toBe(false);
    expect(reverted.options.maxIatAgeSeconds).toBeNull();
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat: T0 - 250 }) }))).result).toBe('token_expired');
  });

  test("RFC 7396's own media type is read too", async () => {
    const res = await api(rx.url, 'PATCH', '/tenants/default', { options: { sessionTtlSeconds: 60 } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(expectJson(res, 200).options.sessionTtlSeconds).toBe(60);
  });

  test('the profile changes too: the default tenant becomes a Mojo tenant', async () => {
    const changed = expectJson(await api(rx.url, 'PATCH', '/tenants/default', { profile: 'mojo' }), 200);
    expect(changed).toMatchObject({ profile: 'mojo', consume: ['GET /jwt/consume'] });
    expect((await request(consumeUrl(rx.url, '/jwt/consume', { token: await mojoToken() }))).result).toBe('accepted');
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }), { json: true })).status).toBe(404);
  });

  test('an invalid patch changes nothing and names the path', async () => {
    expect(expectError(await api(rx.url, 'PATCH', '/tenants/default', { whitelist: { mode: 'host' } }), 400, 'request_invalid').problems).toEqual([
      'whitelist.mode must be one of referer, email, either',
    ]);
    expect(
      expectError(await api(rx.url, 'PATCH', '/tenants/default', { profile: 'zendesk', options: { allowAltClaims: true } }), 400, 'request_invalid').problems,
    ).toEqual(["options.allowAltClaims is a zoho-asap option; this tenant's profile is zendesk"]);
    expect(expectError(await api(rx.url, 'PATCH', '/tenants/default', { secret: null }), 400, 'request_invalid').problems).toEqual([
      'secret is required (or secrets: [...])',
    ]);
    expect(expectError(await api(rx.url, 'PATCH', '/tenants/default', { id: 'other' }), 400, 'request_invalid').problems[0]).toMatch(/^id cannot be changed/);
    expect(expectJson(await api(rx.url, 'GET', '/tenants/default'), 200)).toMatchObject({ profile: 'happyfox', whitelist: { mode: 'referer' } });
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }))).result).toBe('accepted');
  });

  test('an unknown tenant is tenant_unknown (404)', async () => {
    expectError(await api(rx.url, 'PATCH', '/tenants/acme', { profile: 'mojo' }), 404, 'tenant_unknown');
  });

  test('a Deskpro tenant switched to HS512 accepts HS512 tokens only', async () => {
    expectJson(await api(rx.url, 'POST', '/tenants', { id: 'desk', profile: 'deskpro', secret: SECRET }), 201);
    const hs512 = await sign({ email: 'd@example.com', name: 'D', iat: T0 }, SECRET, { alg: 'HS512' });
    const url = consumeUrl(`${rx.url}/t/desk`, '/login/authenticate-callback/1', { jwt: hs512 });
    expect((await request(url)).result).toBe('alg_not_allowed');
    expect(expectJson(await api(rx.url, 'PATCH', '/tenants/desk', { options: { algorithm: 'HS512' } }), 200).algorithms).toEqual(['HS512']);
    expect((await request(url)).result).toBe('accepted');
  });
});

describe('a tenant whose secret the receiver generated', () => {
  test('is never shown; a patch that leaves the secret alone keeps it (and its source)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hjr-api-gen-'));
    const running = await startServer(loadConfig({ db: join(dir, 'r.db'), port: 0, logLevel: 'silent' }));
    try {
      const generated = running.tenants.get('default')!.secrets[0]!;
      const res = await api(running.url, 'GET', '/tenants/default');
      expect(expectJson(res, 200).secrets).toEqual({ count: 1, source: 'generated' });
      expect(res.body).not.toContain(generated);
      const patched = await api(running.url, 'PATCH', '/tenants/default', { options: { strictTypes: false } });
      expect(expectJson(patched, 200)).toMatchObject({ secrets: { count: 1, source: 'generated' }, options: { strictTypes: false } });
      expect(patched.body).not.toContain(generated);
      expect(running.tenants.get('default')!.secrets).toEqual([generated]);
      const token = await sign({ iat: Math.floor(Date.now() / 1000), jti: 'gen-1', email: 'g@example.com' }, generated);
      expect((await request(consumeUrl(running.url, '/jwt/', { token }))).result).toBe('accepted');
    } finally {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
