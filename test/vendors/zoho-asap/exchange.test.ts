import { readDb } from '../../helpers/database';
import { SECRET, T0_MS, happyfoxToken, request, sign, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { exchange, me, refusal, zohoToken } from './zoho';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'zoho-asap', secret: SECRET },
      { id: 'short', profile: 'zoho-asap', secret: SECRET, options: { accessTokenTtlSeconds: 60 } },
      { id: 'hf', profile: 'happyfox', secret: SECRET },
    ],
  });
});
afterAll(() => rx.stop());

describe('Zoho ASAP exchange: POST /asap/jwt', () => {
  test.each(['json', 'form', 'query'] as const)('by %s: answers an access token for one hour, no cookie, no redirect', async (by) => {
    const res = await exchange(rx.url, await zohoToken({ email: `by-${by}@example.com` }), by);
    expect(res.status).toBe(200);
    expect(res.result).toBe('accepted');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.location).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(body.access_token).toMatch(/^[0-9a-z]{9}\.[A-Za-z0-9_-]{43}$/);
    const user = await me(rx.url, { token: body.access_token });
    expect(user.json()).toMatchObject({ email: `by-${by}@example.com`, first_name: 'Ana', last_name: 'Silva' });
  });

  test('the Java sample payload (email_verified, not_after, not_before, email; no names) is accepted', async () => {
    const token = await sign({ email_verified: true, not_after: T0_MS + 300_000, not_before: T0_MS, email: 'java@example.com' });
    const res = await exchange(rx.url, token);
    expect(res.result).toBe('accepted');
    expect((await me(rx.url, { token: res.json().access_token })).json()).toMatchObject({
      email: 'java@example.com',
      first_name: null,
      last_name: null,
      name: null,
    });
  });

  test('the user is stored with first and last name; the email is normalised', async () => {
    expect((await exchange(rx.url, await zohoToken({ email: 'Mixed.Case@Example.COM', first_name: 'Maria', last_name: 'Lopez' }))).result).toBe('accepted');
    const user = (await rx.store.searchUsers({ tenant: 'default' })).find((u) => u.email === 'mixed.case@example.com');
    expect(user).toMatchObject({ firstName: 'Maria', lastName: 'Lopez', name: 'Maria Lopez' });
  });

  test('accessTokenTtlSeconds sets expires_in and the session lifetime', async () => {
    const res = await exchange(`${rx.url}/t/short`, await zohoToken());
    expect(res.json()).toMatchObject({ token_type: 'Bearer', expires_in: 60 });
  });

  test('the access token is stored only as its hash', async () => {
    const { access_token: token } = (await exchange(rx.url, await zohoToken())).json();
    const rows = readDb(rx, (db) => db.prepare('SELECT id_hash FROM sessions').all()) as Array<{ id_hash: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.id_hash === token)).toBe(false);
  });

  test('a refusal is JSON with the stable code, "JWT Configuration Error", the failing check and every check', async () => {
    const res = await exchange(rx.url, await zohoToken({ email_verified: false }), 'form');
    expect(res.status).toBe(401);
    expect(res.result).toBe('email_not_verified');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = res.json();
    expect(body).toMatchObject({ error: 'email_not_verified', message: 'JWT Configuration Error', check: 'email_verified_true' });
    expect(body.checks.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['format', 'alg', 'signature', 'email', 'email_verified', 'not_before', 'not_after', 'validity_span', 'validity_window']),
    );
    expect(typeof body.attempt).toBe('number');
    expect((await rx.store.searchAttempts({ tenant: 'default', limit: 1 }))[0]).toMatchObject({
      accepted: false,
      code: 'email_not_verified',
      route: 'POST /asap/jwt',
    });
  });

  test('JSON even for a browser (Accept: text/html)', async () => {
    const res = await request(`${rx.url}/asap/jwt`, { method: 'POST', headers: { Accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: 'token_missing', message: 'JWT Configuration Error' });
  });

  test('no jwt: token_missing; jwt in the query and the body: token_repeated; an unreadable JSON body: request_malformed', async () => {
    expect(refusal(await request(`${rx.url}/asap/jwt`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }))).toMatchObject({
      status: 400,
      error: 'token_missing',
    });
    const token = await zohoToken();
    const twice = await request(`${rx.url}/asap/jwt?jwt=${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jwt: token }),
    });
    expect(refusal(twice)).toMatchObject({ status: 400, error: 'token_repeated' });
    const broken = await request(`${rx.url}/asap/jwt`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: '{"jwt": ',
    });
    expect(broken.status).toBe(400);
    expect(broken.result).toBe('request_malformed');
  });

  test('a jwt that is not a string in the JSON body is refused as malformed, never a 500', async () => {
    const res = await request(`${rx.url}/asap/jwt`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jwt: { a: 1 } }),
    });
    expect(res.status).toBe(400);
    expect(res.result).toBe('token_malformed');
  });

  test('GET /asap/jwt is not the exchange: 405 with Allow: OPTIONS, POST; HEAD never consumes', async () => {
    const token = await zohoToken();
    const get = await request(`${rx.url}/asap/jwt?jwt=${token}`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('OPTIONS, POST'); // OPTIONS: the add-on page's CORS preflight
    expect((await request(`${rx.url}/asap/jwt?jwt=${token}`, { method: 'HEAD' })).status).toBe(405);
    expect((await exchange(rx.url, token, 'query')).result).toBe('accepted');
  });

  test('the same token exchanged twice: the second is token_replayed', async () => {
    const token = await zohoToken();
    expect((await exchange(rx.url, token)).result).toBe('accepted');
    const again = await exchange(rx.url, token, 'form');
    expect(refusal(again)).toMatchObject({ status: 401, error: 'token_replayed', check: 'replay' });
    expect(refusal(again).failed).toMatchObject({
      code: 'token_replayed',
      reason: 'replayed',
      actual: 0,
      unit: 's',
      firstAttempt: (await rx.store.searchAttempts({ accepted: true, limit: 1 }))[0]!.id,
    });
  });
});

describe('Zoho and HappyFox tokens do not cross', () => {
  test('a Zoho token at a HappyFox tenant is refused (no iat, no jti), and /asap/jwt is no HappyFox route', async () => {
    const zoho = await zohoToken();
    const res = await request(`${rx.url}/t/hf/jwt/?token=${zoho}`, { json: true });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error: 'claim_missing', check: 'iat' });
    expect((await exchange(`${rx.url}/t/hf`, zoho)).status).toBe(404);
  });

  test('a HappyFox token at a Zoho tenant is refused (no email_verified, no not_before/not_after), and /jwt/ is no Zoho route', async () => {
    const hf = await happyfoxToken();
    const res = await exchange(rx.url, hf);
    expect(refusal(res)).toMatchObject({ status: 401, error: 'claim_missing', check: 'email_verified' });
    const missing = res
      .json()
      .checks.filter((c: { code?: string }) => c.code === 'claim_missing')
      .map((c: { name: string }) => c.name);
    expect(missing).toEqual(['email_verified', 'not_before', 'not_after']);
    expect((await request(`${rx.url}/jwt/?token=${hf}`)).status).toBe(404);
  });
});
