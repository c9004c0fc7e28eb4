import { T0_MS, SECRET, consumeUrl, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      {
        id: 'acme',
        profile: 'happyfox',
        secret: SECRET,
        remoteLoginUrl: 'https://idp.acme.example/login?from=helpdesk',
        remoteLogoutUrl: 'https://idp.acme.example/logout',
        options: { sessionTtlSeconds: 600 },
      },
    ],
  });
});
afterAll(() => rx.stop());

async function login(base: string, claims: Record<string, unknown> = {}, cookie?: string): Promise<string> {
  const res = await request(consumeUrl(base, '/jwt/', { token: await happyfoxToken(claims) }), cookie ? { headers: { cookie } } : {});
  expect(res.result).toBe('accepted');
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

describe('portal pages', () => {
  test('/home, /tickets and /kb show a sign-in link without a session and the user with one', async () => {
    for (const path of ['/home', '/tickets', '/kb']) {
      const anon = await request(`${rx.url}${path}`);
      expect(anon.status).toBe(200);
      expect(anon.body).toContain('Not signed in');
      expect(anon.body).toContain('href="/login"');
    }
    const cookie = await login(rx.url, { email: 'page@example.com', name: 'Page Person' });
    for (const path of ['/home', '/tickets', '/kb']) {
      const page = await request(`${rx.url}${path}`, { headers: { cookie } });
      expect(page.body).toContain('Page Person');
      expect(page.body).toContain('page@example.com');
    }
  });

  test('pages carry a strict CSP with no script allowed, and no-store', async () => {
    const res = await request(`${rx.url}/home`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('a name with markup is shown as text', async () => {
    const cookie = await login(rx.url, { email: 'xss@example.com', name: '<script>alert(1)</script><img src=x onerror=alert(2)>' });
    const page = await request(`${rx.url}/home`, { headers: { cookie } });
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('/ redirects to the tenant home', async () => {
    expect((await request(`${rx.url}/`)).location).toBe('/home');
    expect((await request(`${rx.url}/t/acme/`)).location).toBe('/t/acme/home');
  });

  test('/login redirects to the remote login URL, or explains when none is configured', async () => {
    const acme = await request(`${rx.url}/t/acme/login`);
    expect(acme.status).toBe(302);
    expect(acme.location).toBe('https://idp.acme.example/login?from=helpdesk');
    const none = await request(`${rx.url}/login`);
    expect(none.status).toBe(200);
    expect(none.body).toContain('remoteLoginUrl');
    expect(none.body).toContain(`${rx.url}/jwt/?token=`);
  });

  test('logout: GET shows a confirm form; POST ends the session and redirects to the remote logout URL', async () => {
    const base = `${rx.url}/t/acme`;
    const cookie = await login(base, { email: 'bye@example.com' });
    expect(cookie).toMatch(/^hjr_session_acme=/);
    const confirm = await request(`${base}/logout`, { headers: { cookie } });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('method="post" action="/t/acme/logout"');
    expect((await request(`${base}/home`, { headers: { cookie } })).body).toContain('bye@example.com');

    const out = await request(`${base}/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.location).toBe('https://idp.acme.example/logout');
    expect(out.headers.get('set-cookie')).toMatch(/hjr_session_acme=;.*expires=Thu, 01 Jan 1970/);
    expect((await request(`${base}/home`, { headers: { cookie } })).body).toContain('Not signed in');
  });

  test('logout without a remote logout URL lands on the tenant home', async () => {
    const cookie = await login(rx.url, { email: 'bye2@example.com' });
    const out = await request(`${rx.url}/logout`, { method: 'POST', headers: { cookie } });
    expect(out.location).toBe('/home');
  });

  test('a session cookie is scoped to its tenant', async () => {
    const cookie = await login(rx.url, { email: 'scoped@example.com' });
    const set = await request(consumeUrl(`${rx.url}/t/acme`, '/jwt/', { token: await happyfoxToken() }));
    expect(set.headers.get('set-cookie')).toMatch(/path=\/t\/acme/);
    expect((await request(`${rx.url}/t/acme/home`, { headers: { cookie } })).body).toContain('Not signed in');
  });

  test('a new login replaces the session the browser arrived with', async () => {
    const first = await login(rx.url, { email: 'fix@example.com' });
    const second = await login(rx.url, { email: 'fix@example.com' }, first);
    expect(second).not.toBe(first);
    expect((await request(`${rx.url}/home`, { headers: { cookie: first } })).body).toContain('Not signed in');
    expect((await request(`${rx.url}/home`, { headers: { cookie: second } })).body).toContain('fix@example.com');
  });

  test('a forged or unknown session cookie is just "not signed in"', async () => {
    const res = await request(`${rx.url}/home`, { headers: { cookie: 'hjr_session_default=forged-value' } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Not signed in');
  });

  test('sessions expire by the receiver clock (sessionTtlSeconds)', async () => {
    const base = `${rx.url}/t/acme`;
    const cookie = await login(base, { email: 'ttl@example.com' });
    rx.clock.freeze(T0_MS + 599_000);
    expect((await request(`${base}/home`, { headers: { cookie } })).body).toContain('ttl@example.com');
    rx.clock.freeze(T0_MS + 600_000);
    expect((await request(`${base}/home`, { headers: { cookie } })).body).toContain('Not signed in');
    rx.clock.freeze(T0_MS);
  });

  test('an unknown tenant is a 404 with tenant_unknown, never the default tenant', async () => {
    const res = await request(`${rx.url}/t/nope/home`);
    expect(res.status).toBe(404);
    expect(res.result).toBe('tenant_unknown');
    const consume = await request(consumeUrl(`${rx.url}/t/nope`, '/jwt/', { token: await happyfoxToken() }), { json: true });
    expect(consume.status).toBe(404);
    expect(consume.json().error).toBe('tenant_unknown');
  });
});

describe('unknown paths inside a tenant', () => {
  test('are a 404 route_unknown that names the consume route (HappyFox needs the trailing slash)', async () => {
    const res = await request(`${rx.url}/jwt?token=abc`, { json: true });
    expect(res.status).toBe(404);
    expect(res.result).toBe('route_unknown');
    expect(res.json().detail).toContain('GET /jwt/?token=<jwt>');
    const tenant = await request(`${rx.url}/t/acme/nothing-here`, { json: true });
    expect(tenant.json().detail).toContain('/t/acme/jwt/?token=<jwt>');
  });

  test('a method the route does not take is a 405 naming the allowed ones', async () => {
    const res = await request(`${rx.url}/jwt/?token=abc`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
  });
});
