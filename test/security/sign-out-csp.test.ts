/**
 * The sign-out form POSTs to the tenant's /logout, which answers 303 to the Remote Logout URL on the
 * IdP; Chromium applies the page's form-action to that redirect. So the pages that carry the form
 * (a portal page with someone signed in, the "Sign out?" page) allow exactly the origin of the
 * tenant's Remote Logout URL beside 'self'; no other page, no wider source, no other header changed.
 * test/vendors/<id>/round-trip.browser.test.ts shows the redirect going through in Chromium.
 */
import { pageCsp, PAGE_CSP } from '../../src/http/pages/html';
import { T0, SECRET, consumeUrl, freshJti, happyfoxToken, mojoToken, request, sign, startTestReceiver, type TestReceiver } from '../helpers/receiver';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'hf', profile: 'happyfox', secret: SECRET, remoteLogoutUrl: 'https://idp.example.com:8443/sso/logout?from=helpdesk#top' },
      { id: 'mojo', profile: 'mojo', secret: SECRET, remoteLogoutUrl: 'https://idp.example.com:443/logout' },
      { id: 'desk', profile: 'deskpro', secret: SECRET, remoteLogoutUrl: 'http://bücher.example/logout' },
      { id: 'zd', profile: 'zendesk', secret: SECRET, remoteLogoutUrl: 'https://sso.example.org/out' },
    ],
  });
});
afterAll(() => rx.stop());

const CSP = 'content-security-policy';

/** The directives of a policy by name. */
const directives = (policy: string | null) => Object.fromEntries((policy ?? '').split('; ').map((d) => [d.split(' ')[0], d]));

/** A session cookie for `tenant`, from a real login through its consume route. */
async function signIn(tenant: string): Promise<string> {
  const base = `${rx.url}/t/${tenant}`;
  const url =
    tenant === 'mojo'
      ? consumeUrl(base, '/jwt/consume', { token: await mojoToken({ first_name: freshJti() }) })
      : tenant === 'desk'
        ? consumeUrl(base, '/login/authenticate-callback/1', { jwt: await sign({ iat: T0, exp: T0 + 300, email: 'desk@example.com', name: 'Desk' }) })
        : tenant === 'zd'
          ? consumeUrl(base, '/access/jwt', { jwt: await sign({ iat: T0, jti: freshJti(), email: 'zd@example.com', name: 'Zd' }) })
          : consumeUrl(base, '/jwt/', { token: await happyfoxToken() });
  const res = await request(url);
  expect(res.result).toBe('accepted');
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

test("a signed-in portal page allows exactly the Remote Logout URL's origin in form-action; every other directive and header unchanged", async () => {
  const cookie = await signIn('hf');
  const page = await request(`${rx.url}/t/hf/home`, { headers: { cookie } });
  expect(page.body).toContain('Sign out');
  expect(page.headers.get(CSP)).toBe(pageCsp(['https://idp.example.com:8443']));
  expect(directives(page.headers.get(CSP))['form-action']).toBe("form-action 'self' https://idp.example.com:8443");
  expect({ ...directives(page.headers.get(CSP)), 'form-action': null }).toEqual({ ...directives(PAGE_CSP), 'form-action': null });
  expect([
    page.headers.get('x-frame-options'),
    page.headers.get('x-content-type-options'),
    page.headers.get('cache-control'),
    page.headers.get('referrer-policy'),
  ]).toEqual(['DENY', 'nosniff', 'no-store', 'no-referrer']);
});

test("the origin is the URL's origin: default port dropped, IDN in punycode, never a path, query or wildcard", async () => {
  const cases: Array<[string, string]> = [
    ['mojo', "form-action 'self' https://idp.example.com"],
    ['desk', "form-action 'self' http://xn--bcher-kva.example"],
    ['zd', "form-action 'self' https://sso.example.org"],
  ];
  for (const [tenant, formAction] of cases) {
    const cookie = await signIn(tenant);
    const page = await request(`${rx.url}/t/${tenant}/home`, { headers: { cookie } });
    expect([tenant, directives(page.headers.get(CSP))['form-action']]).toEqual([tenant, formAction]);
  }
});

test("Deskpro's own pages with the form (/new-ticket/, /agent) carry it too", async () => {
  const cookie = await signIn('desk');
  for (const path of ['/new-ticket/', '/agent']) {
    const page = await request(`${rx.url}/t/desk${path}`, { headers: { cookie } });
    expect([path, page.body.includes('Sign out'), directives(page.headers.get(CSP))['form-action']]).toEqual([
      path,
      true,
      "form-action 'self' http://xn--bcher-kva.example",
    ]);
  }
});

test('the "Sign out?" page carries it; pages without the form, and tenants without a Remote Logout URL, keep the plain policy', async () => {
  expect((await request(`${rx.url}/t/hf/logout`)).headers.get(CSP)).toBe(pageCsp(['https://idp.example.com:8443']));
  const anonymous = await request(`${rx.url}/t/hf/home`);
  expect([anonymous.body.includes('Sign out'), anonymous.headers.get(CSP)]).toEqual([false, PAGE_CSP]);
  const cookie = await signIn('default');
  const noLogoutUrl = await request(`${rx.url}/home`, { headers: { cookie } });
  expect([noLogoutUrl.body.includes('Sign out'), noLogoutUrl.headers.get(CSP)]).toEqual([true, PAGE_CSP]);
  expect((await request(`${rx.url}/logout`)).headers.get(CSP)).toBe(PAGE_CSP);
  // The consume answer and a refusal page keep it as well.
  const consume = await request(consumeUrl(`${rx.url}/t/hf`, '/jwt/', { token: await happyfoxToken() }));
  expect([consume.status, consume.headers.get(CSP)]).toEqual([302, PAGE_CSP]);
  const refused = await request(consumeUrl(`${rx.url}/t/hf`, '/jwt/', { token: await happyfoxToken({ iat: T0 - 600 }) }));
  expect([refused.result, refused.headers.get(CSP)]).toEqual(['token_expired', PAGE_CSP]);
});

test('POST /logout answers 303 to the Remote Logout URL as configured, nothing added (HappyFox, Mojo, Deskpro)', async () => {
  const expected: Record<string, string> = {
    hf: 'https://idp.example.com:8443/sso/logout?from=helpdesk#top',
    mojo: 'https://idp.example.com/logout',
    desk: 'http://xn--bcher-kva.example/logout',
  };
  for (const [tenant, location] of Object.entries(expected)) {
    const cookie = await signIn(tenant);
    const out = await request(`${rx.url}/t/${tenant}/logout`, { method: 'POST', headers: { cookie } });
    expect([tenant, out.status, out.location]).toEqual([tenant, 303, location]);
  }
});
