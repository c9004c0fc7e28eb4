import { SECRET, T0_MS, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { exchange, me, zohoToken } from './zoho';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'zoho-asap', secret: SECRET },
      { id: 'other', profile: 'zoho-asap', secret: 'other-secret' },
      { id: 'short', profile: 'zoho-asap', secret: SECRET, options: { accessTokenTtlSeconds: 60 } },
    ],
  });
});
beforeEach(() => rx.clock.freeze(T0_MS));
afterAll(() => rx.stop());

async function accessToken(base = rx.url, claims: Record<string, unknown> = {}, secret = SECRET): Promise<string> {
  const res = await exchange(base, await zohoToken(claims, secret));
  expect(res.result).toBe('accepted');
  return res.json().access_token as string;
}

describe('GET /asap/me with the access token', () => {
  test("answers the user as JSON: email, first_name, last_name, name, and the token's remaining life", async () => {
    const token = await accessToken(rx.url, { email: 'Me@Example.com', first_name: 'Ana', last_name: 'Silva' });
    const res = await me(rx.url, { token });
    expect(res.status).toBe(200);
    expect(res.result).toBe('accepted');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({
      email: 'me@example.com',
      first_name: 'Ana',
      last_name: 'Silva',
      name: 'Ana Silva',
      tenant: 'default',
      login_count: 1,
      expires_in: 3600,
      access_token_expires_at: new Date(T0_MS + 3600_000).toISOString(),
    });
    expect(res.json().id).toMatch(/^\d+$/);
  });

  test('the scheme is case-insensitive (RFC 6750)', async () => {
    const token = await accessToken();
    expect((await me(rx.url, { header: `bearer ${token}` })).status).toBe(200);
  });

  test('a second login of the same user counts it and gets its own token; both work', async () => {
    const first = await accessToken(rx.url, { email: 'twice@example.com', not_before: T0_MS - 1 });
    const second = await accessToken(rx.url, { email: 'twice@example.com', not_before: T0_MS - 2 });
    expect(second).not.toBe(first);
    expect((await me(rx.url, { token: first })).json().login_count).toBe(2);
    expect((await me(rx.url, { token: second })).status).toBe(200);
  });

  test('without an Authorization header: 401 access_token_missing, WWW-Authenticate: Bearer', async () => {
    const res = await me(rx.url, null);
    expect(res.status).toBe(401);
    expect(res.result).toBe('access_token_missing');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="default"');
    expect(res.json()).toMatchObject({ error: 'access_token_missing' });
    expect(res.json().detail).toMatch(/Authorization: Bearer/);
  });

  test.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer '], ['Bearer two words'], ['Bearer a"b'], ['Token abc']])(
    'a malformed Authorization header (%j): 401 access_token_missing with error="invalid_request"',
    async (header) => {
      const res = await me(rx.url, { header });
      expect(res.status).toBe(401);
      expect(res.result).toBe('access_token_missing');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="default", error="invalid_request"/);
    },
  );

  test('a wrong token: 401 access_token_invalid, WWW-Authenticate: Bearer error="invalid_token"', async () => {
    await accessToken();
    const res = await me(rx.url, { token: 'A'.repeat(43) });
    expect(res.status).toBe(401);
    expect(res.result).toBe('access_token_invalid');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="default", error="invalid_token", error_description="/);
    expect(res.json()).toMatchObject({ error: 'access_token_invalid' });
  });

  test('the JWT itself is not an access token', async () => {
    const jwt = await zohoToken();
    expect((await exchange(rx.url, jwt)).result).toBe('accepted');
    expect((await me(rx.url, { token: jwt })).result).toBe('access_token_invalid');
  });

  test('expires after one hour by the receiver clock: valid at 3599.999 s, refused at 3600 s', async () => {
    const token = await accessToken();
    rx.clock.advance(3600_000 - 1);
    const late = await me(rx.url, { token });
    expect(late.status).toBe(200);
    expect(late.json().expires_in).toBe(0);
    rx.clock.advance(1);
    const expired = await me(rx.url, { token });
    expect(expired.status).toBe(401);
    expect(expired.result).toBe('access_token_invalid');
    expect(expired.json().detail).toMatch(/expired/);
  });

  test('rx.clock.advance(3600_000) ends the session; accessTokenTtlSeconds shortens it', async () => {
    const hour = await accessToken();
    const minute = await accessToken(`${rx.url}/t/short`);
    rx.clock.advance(60_000);
    expect((await me(`${rx.url}/t/short`, { token: minute })).result).toBe('access_token_invalid');
    expect((await me(rx.url, { token: hour })).status).toBe(200);
    rx.clock.advance(3600_000 - 60_000);
    expect((await me(rx.url, { token: hour })).result).toBe('access_token_invalid');
  });

  test('a token of one tenant is unknown at another', async () => {
    const token = await accessToken(`${rx.url}/t/other`, {}, 'other-secret');
    expect((await me(`${rx.url}/t/other`, { token })).status).toBe(200);
    expect((await me(rx.url, { token })).result).toBe('access_token_invalid');
  });

  test('POST /asap/me is 405; /asap/me exists only on Zoho tenants', async () => {
    const post = await request(`${rx.url}/asap/me`, { method: 'POST' });
    expect(post.status).toBe(405);
    const hf = await startTestReceiver();
    try {
      expect((await request(`${hf.url}/asap/me`, { json: true })).result).toBe('route_unknown');
    } finally {
      await hf.stop();
    }
  });
});
