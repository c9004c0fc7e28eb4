import { SECRET, T0, T0_MS, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { postForm, queryOf, zendeskToken } from './support';

const IAT_MESSAGE = 'Invalid iat parameter. The supplied iat value is more than 3 minutes off, check your server clock.';
const SIGNATURE_MESSAGE = 'JWT signature invalid. The signature cannot be verified, check that your tokens match.';
const LOGIN_URL = 'https://idp.example.com/sso/zendesk';
const LOGOUT_URL = 'https://idp.example.com/sso/logout';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'zendesk', secret: SECRET, remoteLoginUrl: LOGIN_URL, remoteLogoutUrl: LOGOUT_URL },
      { id: 'bare', profile: 'zendesk', secret: SECRET },
      { id: 'query', profile: 'zendesk', secret: SECRET, remoteLoginUrl: `${LOGIN_URL}?app=zd#top`, options: { returnToHosts: ['help.brand.example'] } },
    ],
  });
});
afterAll(() => rx.stop());
afterEach(() => rx.clock.freeze(T0_MS));

describe('Zendesk /login: to the Remote Login URL with return_to, brand_id, locale_id, timestamp', () => {
  test('exactly those four parameters, in that order; timestamp is the receiver clock in seconds', async () => {
    const res = await request(`${rx.url}/login`);
    expect(res.status).toBe(302);
    expect(res.location?.startsWith(`${LOGIN_URL}?`)).toBe(true);
    expect(queryOf(res.location)).toEqual([
      ['return_to', '/home'],
      ['brand_id', '1'],
      ['locale_id', '1'],
      ['timestamp', String(T0)],
    ]);
    expect(res.location).toBe(`${LOGIN_URL}?return_to=%2Fhome&brand_id=1&locale_id=1&timestamp=${T0}`);
  });

  test('timestamp follows the receiver clock', async () => {
    rx.clock.advance(3_600_000);
    expect(queryOf((await request(`${rx.url}/login`)).location)).toContainEqual(['timestamp', String(T0 + 3600)]);
  });

  test('the requested return_to, brand_id and locale_id are passed on', async () => {
    const res = await request(`${rx.url}/login?return_to=${encodeURIComponent('/tickets?status=open')}&brand_id=360001&locale_id=8`);
    expect(queryOf(res.location)).toEqual([
      ['return_to', '/tickets?status=open'],
      ['brand_id', '360001'],
      ['locale_id', '8'],
      ['timestamp', String(T0)],
    ]);
  });

  test('an unsafe return_to becomes home; non-numeric ids become the defaults', async () => {
    const res = await request(`${rx.url}/login?return_to=https://evil.example/&brand_id=abc&locale_id=1;2`);
    expect(queryOf(res.location)).toEqual([
      ['return_to', '/home'],
      ['brand_id', '1'],
      ['locale_id', '1'],
      ['timestamp', String(T0)],
    ]);
  });

  test('the round trip: what /login sends as return_to, posted back with the token, lands there', async () => {
    const login = await request(`${rx.url}/login?return_to=/kb`);
    const params = Object.fromEntries(queryOf(login.location));
    const res = await postForm(`${rx.url}/access/jwt`, { jwt: await zendeskToken(), ...params });
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/kb');
  });

  test('a Remote Login URL with its own query keeps it; a brand host URL on returnToHosts is passed on', async () => {
    const res = await request(`${rx.url}/t/query/login?return_to=${encodeURIComponent('https://help.brand.example/hc/en-us')}`);
    const target = new URL(res.location as string);
    expect(`${target.origin}${target.pathname}`).toBe(LOGIN_URL);
    expect(target.hash).toBe('#top');
    expect([...target.searchParams.entries()]).toEqual([
      ['app', 'zd'],
      ['return_to', 'https://help.brand.example/hc/en-us'],
      ['brand_id', '1'],
      ['locale_id', '1'],
      ['timestamp', String(T0)],
    ]);
  });

  test('a tenant path: return_to stays relative to the tenant', async () => {
    const res = await request(`${rx.url}/t/query/login?return_to=/tickets`);
    expect(new URL(res.location as string).searchParams.get('return_to')).toBe('/tickets');
  });

  test('without a Remote Login URL the portal says what to set', async () => {
    const res = await request(`${rx.url}/t/bare/login`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('No remote login URL configured');
    expect(res.body).toContain('/t/bare/access/jwt');
  });
});

describe('Zendesk refusals: to the Remote Logout URL with message and kind=error, else 401', () => {
  test("iat too old: a redirect with Zendesk's iat message and kind=error, exactly", async () => {
    const res = await postForm(`${rx.url}/access/jwt`, { jwt: await zendeskToken({ iat: T0 - 181 }) });
    expect(res.status).toBe(302);
    expect(res.result).toBe('token_expired');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.location?.startsWith(`${LOGOUT_URL}?`)).toBe(true);
    expect(queryOf(res.location)).toEqual([
      ['message', IAT_MESSAGE],
      ['kind', 'error'],
    ]);
  });

  test('iat too far ahead: the same message', async () => {
    const res = await postForm(`${rx.url}/access/jwt`, { jwt: await zendeskToken({ iat: T0 + 181 }) });
    expect(res.result).toBe('token_not_yet_valid');
    expect(queryOf(res.location)).toEqual([
      ['message', IAT_MESSAGE],
      ['kind', 'error'],
    ]);
  });

  test("a bad signature: Zendesk's signature message", async () => {
    const res = await postForm(`${rx.url}/access/jwt`, { jwt: await zendeskToken({}, 'wrong-secret') });
    expect(res.result).toBe('signature_invalid');
    expect(queryOf(res.location)).toEqual([
      ['message', SIGNATURE_MESSAGE],
      ['kind', 'error'],
    ]);
  });

  test('a refusal without a documented message says "Couldn\'t authenticate you"', async () => {
    const res = await postForm(`${rx.url}/access/jwt`, { jwt: await zendeskToken({ tags: '["vip"]' }) });
    expect(res.result).toBe('claim_invalid');
    expect(queryOf(res.location)).toEqual([
      ['message', "Couldn't authenticate you"],
      ['kind', 'error'],
    ]);
  });

  test('a replay is redirected too', async () => {
    const token = await zendeskToken();
    expect((await postForm(`${rx.url}/access/jwt`, { jwt: token })).result).toBe('accepted');
    const again = await postForm(`${rx.url}/access/jwt`, { jwt: token });
    expect(again.result).toBe('token_replayed');
    expect(again.location?.startsWith(`${LOGOUT_URL}?`)).toBe(true);
  });

  test('without a Remote Logout URL: 401 {"error":"Couldn\'t authenticate you"} with the code and checks beside it', async () => {
    const res = await postForm(`${rx.url}/t/bare/access/jwt`, { jwt: await zendeskToken({ iat: T0 - 181 }) });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = res.json();
    expect(body.error).toBe("Couldn't authenticate you");
    expect(body).toMatchObject({ code: 'token_expired', message: IAT_MESSAGE, check: 'iat_window' });
    expect(Array.isArray(body.checks)).toBe(true);
    expect(typeof body.attempt).toBe('number');
  });

  test('the 401 is JSON whatever the Accept header', async () => {
    const res = await postForm(`${rx.url}/t/bare/access/jwt`, { jwt: 'not.a.jwt' }, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error: "Couldn't authenticate you", code: 'token_malformed' });
  });
});

describe('Zendesk /access/normal: the sign-in page that bypasses SSO', () => {
  test('a plain HTML page with a sign-in form, no script, and a link to SSO', async () => {
    const res = await request(`${rx.url}/access/normal`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.body).toContain('<h1>Sign in to Zendesk</h1>');
    expect(res.body).toContain('type="password"');
    expect(res.body).toContain('<a class="sso" href="/login">');
    expect(res.body).not.toMatch(/<script/i);
  });

  test('on a tenant, the SSO link keeps a safe return_to', async () => {
    const res = await request(`${rx.url}/t/bare/access/normal?return_to=/tickets`);
    expect(res.body).toContain('<a class="sso" href="/t/bare/login?return_to=%2Ftickets">');
    expect(res.body).toContain('<code>bare</code>');
  });

  test('whatever return_to says is escaped, and an unsafe one is dropped', async () => {
    const evil = '/kb?q="><script>alert(1)</script>';
    const res = await request(`${rx.url}/access/normal?return_to=${encodeURIComponent(evil)}`);
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('<a class="sso" href="/login?return_to=%2Fkb%3Fq%3D%2522%253E%253Cscript%253Ealert%281%29%253C%2Fscript%253E">');
    const unsafe = await request(`${rx.url}/access/normal?return_to=${encodeURIComponent('javascript:alert(1)')}`);
    expect(unsafe.body).toContain('<a class="sso" href="/login">');
    expect(unsafe.body).not.toContain('javascript');
  });
});

describe('Zendesk logout: to the Remote Logout URL with email, brand_id and return_to', () => {
  test("ends the session and redirects with the signed-in user's email", async () => {
    const login = await postForm(`${rx.url}/access/jwt`, { jwt: await zendeskToken({ email: 'Leaving@Example.com' }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect((await request(`${rx.url}/home`, { headers: { cookie } })).body).toContain('leaving@example.com');

    const res = await request(`${rx.url}/logout`, { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(303);
    expect(res.location?.startsWith(`${LOGOUT_URL}?`)).toBe(true);
    expect(queryOf(res.location)).toEqual([
      ['email', 'leaving@example.com'],
      ['brand_id', '1'],
      ['return_to', `${rx.url}/home`],
    ]);
    expect((await request(`${rx.url}/home`, { headers: { cookie } })).body).toContain('Not signed in');
  });

  test('without a session there is no email', async () => {
    const res = await request(`${rx.url}/logout`, { method: 'POST' });
    expect(queryOf(res.location)).toEqual([
      ['brand_id', '1'],
      ['return_to', `${rx.url}/home`],
    ]);
  });

  test('without a Remote Logout URL the portal ends the session and goes home', async () => {
    const res = await request(`${rx.url}/t/bare/logout`, { method: 'POST' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/t/bare/home');
  });
});
