import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consumeUrl, request } from '../helpers/receiver';
import { assertBuilt, cleanup, serve, tempDir, type Serving } from './harness';
import { happyfoxNow, mojoNow } from './tokens';

jest.setTimeout(30_000);
beforeAll(assertBuilt);
afterEach(cleanup);

const SECRETS = { default: 'default-tenant-secret-1', acme: 'acme-tenant-secret-22', helpdesk: 'mojo-tenant-secret-333' };

/** Serves a config file with three tenants: default (HappyFox), acme (HappyFox), helpdesk (Mojo). */
async function serveTenants(tenants?: unknown[]): Promise<Serving> {
  const dir = tempDir();
  const configPath = join(dir, 'receiver.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      server: { port: 0, db: join(dir, 'r.db'), logLevel: 'silent' },
      tenants: tenants ?? [
        { id: 'default', profile: 'happyfox', secret: SECRETS.default },
        { id: 'acme', profile: 'happyfox', secret: SECRETS.acme },
        { id: 'helpdesk', profile: 'mojo', secret: SECRETS.helpdesk },
      ],
    }),
  );
  return serve(['--config', configPath], { cwd: dir });
}

const get = (url: string) => request(url, { json: true });

describe('multi-tenant config', () => {
  test('the banner lists every tenant and prints none of the configured secrets', async () => {
    const rx = await serveTenants();
    expect(rx.banner).toContain('tenant default (HappyFox)');
    expect(rx.banner).toContain(`consume   ${rx.url}/jwt/?token=`);
    expect(rx.banner).toContain('tenant acme (HappyFox)');
    expect(rx.banner).toContain(`consume   ${rx.url}/t/acme/jwt/?token=`);
    expect(rx.banner).toContain('tenant helpdesk (Mojo Helpdesk)');
    expect(rx.banner).toContain(`consume   ${rx.url}/t/helpdesk/jwt/consume?token=`);
    for (const secret of Object.values(SECRETS)) expect(rx.proc.stdout()).not.toContain(secret);
    const health = (await get(`${rx.url}/_receiver/health`)).json();
    expect(health.tenants).toEqual([
      { id: 'default', profile: 'happyfox' },
      { id: 'acme', profile: 'happyfox' },
      { id: 'helpdesk', profile: 'mojo' },
    ]);
  });

  test('the default tenant answers at / and at /t/default/, sharing one replay ledger', async () => {
    const rx = await serveTenants();
    const atRoot = await get(consumeUrl(rx.url, '/jwt/', { token: await happyfoxNow(SECRETS.default) }));
    expect(atRoot.status).toBe(302);
    expect(atRoot.result).toBe('accepted');
    expect(atRoot.location).toBe('/home');

    const token = await happyfoxNow(SECRETS.default);
    const atPrefix = await get(consumeUrl(rx.url, '/t/default/jwt/', { token }));
    expect(atPrefix.result).toBe('accepted');
    expect(atPrefix.location).toBe('/t/default/home');
    expect((await get(consumeUrl(rx.url, '/jwt/', { token }))).result).toBe('token_replayed');
  });

  test('each tenant at /t/<id>/ uses its own profile and secret', async () => {
    const rx = await serveTenants();
    const acme = await get(consumeUrl(rx.url, '/t/acme/jwt/', { token: await happyfoxNow(SECRETS.acme) }));
    expect(acme.result).toBe('accepted');
    expect(acme.location).toBe('/t/acme/home');
    const mojo = await get(consumeUrl(rx.url, '/t/helpdesk/jwt/consume', { token: await mojoNow(SECRETS.helpdesk) }));
    expect(mojo.result).toBe('accepted');
    expect(mojo.location).toBe('/t/helpdesk/home');
    // The Mojo tenant has no HappyFox route.
    expect((await get(consumeUrl(rx.url, '/t/helpdesk/jwt/', { token: await mojoNow(SECRETS.helpdesk) }))).status).toBe(404);
  });

  test('an unknown /t/nope/ is 404 tenant_unknown, never the default tenant', async () => {
    const rx = await serveTenants();
    const token = await happyfoxNow(SECRETS.default);
    const unknown = await get(consumeUrl(rx.url, '/t/nope/jwt/', { token }));
    expect(unknown.status).toBe(404);
    expect(unknown.result).toBe('tenant_unknown');
    expect(unknown.json()).toMatchObject({ error: 'tenant_unknown' });
    // The same token was not spent on the default tenant.
    expect((await get(consumeUrl(rx.url, '/jwt/', { token }))).result).toBe('accepted');
    // The HTML form too.
    const html = await request(consumeUrl(rx.url, '/t/nope/jwt/', { token: await happyfoxNow(SECRETS.default) }));
    expect(html.status).toBe(404);
    expect(html.result).toBe('tenant_unknown');
  });

  test("a token signed with tenant A's secret is refused at tenant B (and B's at A)", async () => {
    const rx = await serveTenants();
    const aToken = await happyfoxNow(SECRETS.default);
    const atB = await get(consumeUrl(rx.url, '/t/acme/jwt/', { token: aToken }));
    expect(atB.status).toBe(401);
    expect(atB.result).toBe('signature_invalid');
    const bToken = await happyfoxNow(SECRETS.acme);
    expect((await get(consumeUrl(rx.url, '/jwt/', { token: bToken }))).result).toBe('signature_invalid');
    // Refused, not spent: each is still good where it belongs.
    expect((await get(consumeUrl(rx.url, '/jwt/', { token: aToken }))).result).toBe('accepted');
    expect((await get(consumeUrl(rx.url, '/t/acme/jwt/', { token: bToken }))).result).toBe('accepted');
  });

  test('one jti is spent per tenant: the same jti may log in once at each tenant', async () => {
    const shared = 'same-secret-for-both-tenants';
    const rx = await serveTenants([
      { id: 'one', profile: 'happyfox', secret: shared },
      { id: 'two', profile: 'happyfox', secret: shared },
    ]);
    const token = await happyfoxNow(shared);
    expect((await get(consumeUrl(rx.url, '/t/one/jwt/', { token }))).result).toBe('accepted');
    expect((await get(consumeUrl(rx.url, '/t/two/jwt/', { token }))).result).toBe('accepted');
    expect((await get(consumeUrl(rx.url, '/t/one/jwt/', { token }))).result).toBe('token_replayed');
  });

  test('a config without a default tenant serves nothing at /: 404 tenant_unknown', async () => {
    const rx = await serveTenants([{ id: 'acme', profile: 'happyfox', secret: SECRETS.acme }]);
    expect(rx.banner).not.toContain('tenant default');
    const res = await get(consumeUrl(rx.url, '/jwt/', { token: await happyfoxNow(SECRETS.acme) }));
    expect(res.status).toBe(404);
    expect(res.result).toBe('tenant_unknown');
  });
});
