import Database from 'better-sqlite3';
import { SECRET, T0_MS, consumeUrl, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { postForm, zendeskToken } from './support';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'zendesk', secret: SECRET },
      { id: 'postonly', profile: 'zendesk', secret: SECRET, options: { allowGet: false } },
      { id: 'brands', profile: 'zendesk', secret: SECRET, options: { returnToHosts: ['help.brand.example', '*.brands.example'] } },
    ],
  });
});
afterAll(() => rx.stop());

const jwtUrl = (base = rx.url) => `${base}/access/jwt`;
const getJwt = (token: string, extra: Record<string, string> = {}, base = rx.url) => request(consumeUrl(base, '/access/jwt', { jwt: token, ...extra }));
const userByEmail = async (email: string, tenant = 'default') => (await rx.store.searchUsers({ tenant: tenant })).find((u) => u.email === email);

describe('Zendesk /access/jwt: POST form and GET', () => {
  test('a POSTed form (the recommended way) logs the user in: session cookie, 302 home, the user in SQLite', async () => {
    const res = await postForm(jwtUrl(), { jwt: await zendeskToken({ email: 'Post@Example.com', name: 'Post Form' }) });
    expect(res.status).toBe(302);
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/home');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^hjr_session_default=/);
    const page = await request(`${rx.url}/home`, { headers: { cookie } });
    expect(page.body).toContain('post@example.com');

    const db = new Database(rx.dbPath, { readonly: true });
    const row = db.prepare('SELECT * FROM users WHERE email = ?').get('post@example.com') as Record<string, unknown>;
    db.close();
    expect(row).toMatchObject({
      tenant: 'default',
      identity_key: 'post@example.com',
      name: 'Post Form',
      external_id: null,
      attributes: null,
      login_count: 1,
      last_login_at: T0_MS,
    });
  });

  test('GET ?jwt= is accepted while allowGet is on (the default)', async () => {
    const res = await getJwt(await zendeskToken({ email: 'get@example.com' }));
    expect(res.status).toBe(302);
    expect(res.result).toBe('accepted');
    expect(await userByEmail('get@example.com')).toBeDefined();
  });

  test('a JSON body is read too', async () => {
    const res = await request(jwtUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jwt: await zendeskToken({ email: 'json@example.com' }) }),
    });
    expect(res.result).toBe('accepted');
  });

  test('with allowGet: false a GET is refused with method_not_allowed (405, Allow: POST) and no login; POST still works', async () => {
    const base = `${rx.url}/t/postonly`;
    const res = await request(consumeUrl(base, '/access/jwt', { jwt: await zendeskToken({ email: 'deprecated@example.com' }) }), { json: true });
    expect(res.status).toBe(405);
    expect(res.result).toBe('method_not_allowed');
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.json()).toMatchObject({ error: 'method_not_allowed' });
    expect(res.json().detail).toMatch(
      /GET \/access\/jwt is deprecated at Zendesk and this tenant sets allowGet: false: submit the token from a browser form, POST/,
    );
    expect(await userByEmail('deprecated@example.com', 'postonly')).toBeUndefined();

    const html = await request(consumeUrl(base, '/access/jwt', { jwt: 'anything' }));
    expect(html.status).toBe(405);
    expect(html.body).toContain('allowGet: false');

    const post = await postForm(jwtUrl(base), { jwt: await zendeskToken({ email: 'deprecated@example.com' }) });
    expect(post.result).toBe('accepted');
    expect(post.location).toBe('/t/postonly/home');
  });

  test('a refused GET does not spend the jti: the same token POSTed afterwards is accepted', async () => {
    const base = `${rx.url}/t/postonly`;
    const token = await zendeskToken({ email: 'unspent@example.com' });
    expect((await request(consumeUrl(base, '/access/jwt', { jwt: token }))).status).toBe(405);
    expect((await postForm(jwtUrl(base), { jwt: token })).result).toBe('accepted');
  });

  test('HEAD never consumes; with allowGet: false its Allow names POST only', async () => {
    const res = await request(consumeUrl(`${rx.url}/t/postonly`, '/access/jwt', { jwt: await zendeskToken() }), { method: 'HEAD' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await request(consumeUrl(rx.url, '/access/jwt', { jwt: 'x' }), { method: 'HEAD' })).headers.get('allow')).toBe('POST, GET');
  });

  test('other methods are 405 from the router', async () => {
    const res = await request(jwtUrl(), { method: 'PUT', body: 'jwt=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(405);
    expect(res.result).toBe('method_not_allowed');
  });

  test('no jwt parameter: token_missing, answered the Zendesk way (401, "Couldn\'t authenticate you")', async () => {
    const res = await postForm(jwtUrl(), { return_to: '/kb' });
    expect(res.status).toBe(401);
    expect(res.result).toBe('token_missing');
    expect(res.json()).toMatchObject({ error: "Couldn't authenticate you", code: 'token_missing' });
  });

  test('jwt in both the query and the form is ambiguous: token_repeated', async () => {
    const token = await zendeskToken();
    const res = await postForm(`${jwtUrl()}?jwt=${token}`, { jwt: token });
    expect(res.result).toBe('token_repeated');
  });

  test('the route is case-sensitive and exact', async () => {
    expect((await postForm(`${rx.url}/access/JWT`, { jwt: await zendeskToken() })).status).toBe(404);
  });
});

describe('Zendesk return_to: the query, the form or the claim', () => {
  test('from the query string of a GET', async () => {
    expect((await getJwt(await zendeskToken(), { return_to: '/tickets' })).location).toBe('/tickets');
  });

  test('from the query string of a POST', async () => {
    expect((await postForm(`${jwtUrl()}?return_to=%2Fkb`, { jwt: await zendeskToken() })).location).toBe('/kb');
  });

  test('from the form body, beside brand_id, locale_id and timestamp (the official form example passes all four back)', async () => {
    const res = await postForm(jwtUrl(), { jwt: await zendeskToken(), return_to: '/tickets?page=2', brand_id: '1', locale_id: '1', timestamp: '1768478400' });
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/tickets?page=2');
  });

  test('from the return_to claim when no parameter is given (the classic ASP sample)', async () => {
    expect((await postForm(jwtUrl(), { jwt: await zendeskToken({ return_to: '/kb/article-1' }) })).location).toBe('/kb/article-1');
  });

  test('the parameter wins over the claim', async () => {
    expect((await postForm(jwtUrl(), { jwt: await zendeskToken({ return_to: '/kb' }), return_to: '/tickets' })).location).toBe('/tickets');
  });

  test('a claim that is not a string is ignored (home)', async () => {
    const res = await postForm(jwtUrl(), { jwt: await zendeskToken({ return_to: 42 }) });
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/home');
  });

  test('given twice (query and form) it is ambiguous: home', async () => {
    expect((await postForm(`${jwtUrl()}?return_to=/kb`, { jwt: await zendeskToken(), return_to: '/tickets' })).location).toBe('/home');
  });

  test('on a tenant path it stays inside the tenant', async () => {
    const res = await postForm(jwtUrl(`${rx.url}/t/brands`), { jwt: await zendeskToken(), return_to: '/tickets' });
    expect(res.location).toBe('/t/brands/tickets');
  });

  test.each([
    ['an absolute URL to another host', 'https://evil.example/phish'],
    ['a protocol-relative URL', '//evil.example/x'],
    ['a backslash trick', '/\\evil.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['a receiver path from the default tenant', '/_receiver/attempts'],
  ])('%s is refused (home, with a warning), also from the claim', async (_label, target) => {
    expect((await postForm(jwtUrl(), { jwt: await zendeskToken(), return_to: target })).location).toBe('/home');
    expect((await postForm(jwtUrl(), { jwt: await zendeskToken({ return_to: target }) })).location).toBe('/home');
  });

  test('a brand host on returnToHosts is allowed, exactly or by *.domain, from the parameter or the claim', async () => {
    const base = `${rx.url}/t/brands`;
    expect((await postForm(jwtUrl(base), { jwt: await zendeskToken(), return_to: 'https://help.brand.example/hc/en-us?x=1' })).location).toBe(
      'https://help.brand.example/hc/en-us?x=1',
    );
    expect((await postForm(jwtUrl(base), { jwt: await zendeskToken({ return_to: 'https://support.brands.example/hc' }) })).location).toBe(
      'https://support.brands.example/hc',
    );
  });

  test('an unlisted host is refused at the brands tenant, and a listed host at a tenant without the allowlist', async () => {
    const base = `${rx.url}/t/brands`;
    const res = await postForm(jwtUrl(base), { jwt: await zendeskToken(), return_to: 'https://other.example/hc' });
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/t/brands/home');
    expect((await postForm(jwtUrl(base), { jwt: await zendeskToken(), return_to: 'https://brands.example/hc' })).location).toBe('/t/brands/home');
    expect((await postForm(jwtUrl(), { jwt: await zendeskToken(), return_to: 'https://help.brand.example/hc' })).location).toBe('/home');
  });

  test('the verdict says why return_to was refused', async () => {
    const token = await zendeskToken({ email: 'rt-check@example.com' });
    const res = await postForm(jwtUrl(), { jwt: token, return_to: 'https://evil.example/' });
    expect(res.location).toBe('/home');
    const [attempt] = await rx.store.searchAttempts({ tenant: 'default', limit: 1 });
    expect(attempt).toMatchObject({ accepted: true, email: 'rt-check@example.com' });
    expect(attempt?.checks).toContainEqual(
      expect.objectContaining({
        name: 'return_to',
        status: 'warn',
        message: expect.stringMatching(/return_to was refused \(it is not a path starting with "\/"\); landing on \/home/),
      }),
    );
  });
});
