/**
 * `return_to` only ever lands on the tenant's own pages: every hostile value still logs the user in
 * (the token is good) but lands on the tenant's home, the verdict records a `return_to` warning, and
 * the bad value is echoed neither in Location nor in the body.
 */
import { SECRET, consumeUrl, happyfoxToken, request, startTestReceiver, type Answer, type TestReceiver } from '../helpers/receiver';
import { zendeskToken } from '../vendors/zendesk/support';
import { expectCode } from './support';

const ACME_SECRET = 'acme-secret-0123456789abcdefghijk';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'acme', profile: 'happyfox', secret: ACME_SECRET },
      { id: 'zd', profile: 'zendesk', secret: SECRET, remoteLoginUrl: 'https://idp.example.com/sso/zendesk' },
    ],
  });
});
afterAll(() => rx.stop());

interface Tenant {
  id: string;
  base: string;
  secret: string;
}
const DEFAULT: Tenant = { id: 'default', base: '', secret: SECRET };
const ACME: Tenant = { id: 'acme', base: '/t/acme', secret: ACME_SECRET };

/** A good login with `return_to` given as a (properly encoded) value. */
async function loginWith(tenant: Tenant, returnTo: string): Promise<Answer> {
  return request(consumeUrl(rx.url, `${tenant.base}/jwt/`, { token: await happyfoxToken({}, tenant.secret), return_to: returnTo }));
}

/** A good login with the query written by hand after the token (for values whose raw encoding matters). */
async function loginWithRawQuery(tenant: Tenant, rawQuery: string): Promise<Answer> {
  return request(`${rx.url}${tenant.base}/jwt/?token=${await happyfoxToken({}, tenant.secret)}&${rawQuery}`);
}

async function lastReturnCheck(tenant: Tenant) {
  const [attempt] = await rx.store.searchAttempts({ tenant: tenant.id, limit: 1 });
  expect(attempt?.accepted).toBe(true);
  return (attempt?.checks as Array<{ name: string; status: string; message: string }>).find((c) => c.name === 'return_to');
}

/** The login happened, landed on the tenant's home, warned, and did not echo `bad`. */
async function expectLandsHome(res: Answer, tenant: Tenant, bad: string[]): Promise<void> {
  expect({ status: res.status, result: res.result, location: res.location }).toEqual({ status: 302, result: 'accepted', location: `${tenant.base}/home` });
  expect(await lastReturnCheck(tenant)).toMatchObject({ status: 'warn' });
  for (const b of bad) {
    expect(res.location).not.toContain(b);
    expect(res.body).not.toContain(b);
    expect((await lastReturnCheck(tenant))?.message).not.toContain(b);
  }
}

/** Whatever happens, Location is a path on this host: one "/" and then neither "/" nor "\". */
function expectSameHost(res: Answer): void {
  expect(res.location).toMatch(/^\/(?![/\\])/);
}

const HOSTILE: Array<[string, string, string[]]> = [
  ['protocol-relative', '//evil.com', ['evil']],
  ['slash backslash', '/\\evil.com', ['evil']],
  ['double backslash', '\\\\evil.com', ['evil']],
  ['scheme without slashes', 'https:evil.com', ['evil']],
  ['absolute https URL', 'https://evil.com', ['evil']],
  ['absolute URL with an @', 'https://receiver@evil.com/tickets', ['evil']],
  ['javascript: URL', 'javascript:alert(1)', ['javascript', 'alert']],
  ['JaVaScRiPt: in mixed case', 'JaVaScRiPt:alert(1)', ['alert']],
  ['data: URL', 'data:text/html,<script>alert(1)</script>', ['data:', 'alert', '<script']],
  ['a tab browsers strip', '/\t/evil.com', ['evil']],
  ['a newline browsers strip', '/\n/evil.com', ['evil']],
  ['a CR LF header injection', '/tickets\r\nSet-Cookie: pwned=1', ['pwned']],
  ['a leading space', ' /x', [' /x']],
  ['a NUL byte', '/tickets\u0000//evil.com', ['evil']],
  ['a look-alike host', 'http://127.0.0.1.evil.com', ['evil']],
  ['a bare host name', 'evil.com', ['evil']],
  ['three slashes', '///evil.com', ['evil']],
  ['an empty value', '', []],
  ['an over-long path', `/${'a'.repeat(3000)}`, ['aaaaaaaaaa']],
];

describe("hostile return_to values land on the default tenant's home", () => {
  test.each(HOSTILE)('%s', async (_label, value, bad) => {
    const res = await loginWith(DEFAULT, value);
    await expectLandsHome(res, DEFAULT, bad);
  });

  test('"/%09/evil.com" in the raw query (the tab arrives decoded)', async () => {
    await expectLandsHome(await loginWithRawQuery(DEFAULT, 'return_to=/%09/evil.com'), DEFAULT, ['evil']);
  });

  test('"%2F%2Fevil.com" in the raw query (arrives as //evil.com)', async () => {
    await expectLandsHome(await loginWithRawQuery(DEFAULT, 'return_to=%2F%2Fevil.com'), DEFAULT, ['evil']);
  });

  test('"/%5Cevil.com" in the raw query (arrives as /\\evil.com)', async () => {
    await expectLandsHome(await loginWithRawQuery(DEFAULT, 'return_to=/%5Cevil.com'), DEFAULT, ['evil']);
  });

  test('a repeated return_to, even when one copy is good', async () => {
    await expectLandsHome(await loginWithRawQuery(DEFAULT, 'return_to=/tickets&return_to=//evil.com'), DEFAULT, ['evil', 'tickets']);
  });
});

describe('dot segments that normalise into a protocol-relative URL', () => {
  // new URL('/..//evil.com', base).pathname is "//evil.com": the check must look at the path it
  // will send, not only at the value it was given.
  test.each(['/..//evil.com', '/.//evil.com', '/a/..//evil.com', '/%2e%2e//evil.com', '/%2E//evil.com', '/tickets/../..//evil.com'])(
    'default tenant: %j',
    async (value) => {
      const res = await loginWith(DEFAULT, value);
      expectSameHost(res);
      await expectLandsHome(res, DEFAULT, ['evil']);
    },
  );

  test('on a tenant, "/..//evil.com" lands on that tenant\'s home too', async () => {
    const res = await loginWith(ACME, '/..//evil.com');
    await expectLandsHome(res, ACME, ['evil']);
  });
});

describe("hostile return_to values land on a second tenant's home", () => {
  test.each(
    HOSTILE.filter(([label]) =>
      ['protocol-relative', 'slash backslash', 'absolute https URL', 'javascript: URL', 'a tab browsers strip', 'a leading space'].includes(label),
    ),
  )('%s', async (_label, value, bad) => {
    await expectLandsHome(await loginWith(ACME, value), ACME, bad);
  });
});

describe('good return_to values are followed, on the tenant', () => {
  test.each([
    ['/tickets', '/tickets'],
    ['/kb', '/kb'],
    ['/home', '/home'],
    ['/home?x=1', '/home?x=1'],
    ['/../tickets', '/tickets'],
    ['/kb/./../tickets', '/tickets'],
  ])('default tenant: %j -> %s', async (value, landing) => {
    const res = await loginWith(DEFAULT, value);
    expect({ status: res.status, result: res.result, location: res.location }).toEqual({ status: 302, result: 'accepted', location: landing });
    expect(await lastReturnCheck(DEFAULT)).toMatchObject({ status: 'pass' });
  });

  test.each([
    ['/tickets', '/t/acme/tickets'],
    ['/kb', '/t/acme/kb'],
    ['/home?x=1', '/t/acme/home?x=1'],
    ['/../tickets', '/t/acme/tickets'],
    ['/../../t/other/tickets', '/t/acme/t/other/tickets'],
  ])('tenant acme: %j -> %s', async (value, landing) => {
    const res = await loginWith(ACME, value);
    expect({ status: res.status, result: res.result, location: res.location }).toEqual({ status: 302, result: 'accepted', location: landing });
    expect(await lastReturnCheck(ACME)).toMatchObject({ status: 'pass' });
  });

  test('without return_to each tenant lands on its own home', async () => {
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }))).location).toBe('/home');
    expect((await request(consumeUrl(rx.url, '/t/acme/jwt/', { token: await happyfoxToken({}, ACME_SECRET) }))).location).toBe('/t/acme/home');
  });
});

describe("a return_to that already names the tenant's own prefix lands there, not under it twice", () => {
  test.each([
    ['/t/acme/tickets', '/t/acme/tickets'],
    ['/t/acme/home?x=1', '/t/acme/home?x=1'],
    ['/t/acme', '/t/acme/'],
    ['/t/acme?x=1', '/t/acme/?x=1'],
    ['/t/acme/kb/../tickets', '/t/acme/tickets'],
    // Not this tenant's prefix: a path on this tenant, as any other.
    ['/t/acmex/tickets', '/t/acme/t/acmex/tickets'],
    ['/t/other/tickets', '/t/acme/t/other/tickets'],
  ])('tenant acme: %j -> %s', async (value, landing) => {
    const res = await loginWith(ACME, value);
    expect({ status: res.status, result: res.result, location: res.location }).toEqual({ status: 302, result: 'accepted', location: landing });
    expect(await lastReturnCheck(ACME)).toMatchObject({ status: 'pass' });
  });

  test('tenant acme: "/t/acme//evil.com" leaves a protocol-relative URL once the prefix is off: home, warned', async () => {
    const res = await loginWith(ACME, '/t/acme//evil.com');
    expectSameHost(res);
    await expectLandsHome(res, ACME, ['evil']);
  });

  test.each(['/t/acme/tickets', '/t/acme', '/t/default/tickets', '/_receiver/attempts'])(
    'default tenant: %j is not its path, refused as before: home, warned',
    async (value) => {
      await expectLandsHome(await loginWith(DEFAULT, value), DEFAULT, []);
    },
  );

  test('Zendesk: /t/zd/login?return_to=/t/zd/tickets, through the IdP and back to the consume route, lands on /t/zd/tickets', async () => {
    const login = await request(`${rx.url}/t/zd/login?return_to=${encodeURIComponent('/t/zd/tickets')}`);
    expect(login.status).toBe(302);
    const returnTo = new URL(login.location as string).searchParams.get('return_to') as string;
    const res = await request(`${rx.url}/t/zd/access/jwt`, { method: 'POST', body: new URLSearchParams({ jwt: await zendeskToken(), return_to: returnTo }) });
    expect({ status: res.status, result: res.result, location: res.location }).toEqual({ status: 302, result: 'accepted', location: '/t/zd/tickets' });
  });
});

describe('a refused login never echoes return_to either', () => {
  test('JSON: the return_to warning is in the checks, the value is nowhere', async () => {
    const token = await happyfoxToken({}, 'not-the-secret-0123456789abcdefgh');
    const res = await request(consumeUrl(rx.url, '/jwt/', { token, return_to: '//evil.com/phish' }), { json: true });
    expectCode(res, 'signature_invalid', 401);
    expect(res.location).toBeNull();
    expect(res.body).not.toContain('evil');
    expect(res.json().checks).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'return_to', status: 'warn' })]));
  });

  test('HTML: the refusal page does not contain the value', async () => {
    const token = await happyfoxToken({}, 'not-the-secret-0123456789abcdefgh');
    const res = await request(consumeUrl(rx.url, '/jwt/', { token, return_to: 'javascript:alert(document.cookie)' }));
    expect(res.status).toBe(401);
    expect(res.result).toBe('signature_invalid');
    expect(res.body).not.toContain('javascript');
    expect(res.body).not.toContain('document.cookie');
  });
});
