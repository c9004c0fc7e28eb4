import Database from 'better-sqlite3';
import { SECRET, T0_MS, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { AGENT_CALLBACK, MISSING_EMAIL, MISSING_JWT, USER_CALLBACK, cookieOf, deskproToken, lastAttempt, signAs, url } from './support';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'deskpro', secret: SECRET },
      { id: 'acme', profile: 'deskpro', secret: 'acme-secret', remoteLoginUrl: 'https://idp.example/sso' },
      { id: 'hf', profile: 'happyfox', secret: 'hf-secret' },
      { id: 'shared', profile: 'happyfox', secret: SECRET },
    ],
  });
});
afterAll(() => rx.stop());

const callback = (params: Record<string, string>, base = rx.url) => url(base, USER_CALLBACK, params);
const agentCallback = (params: Record<string, string>, base = rx.url) => url(base, AGENT_CALLBACK, params);
const post = (target: string, body: string | Record<string, string>, json = false) =>
  request(target, {
    method: 'POST',
    headers: { 'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: json ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString(),
  });

describe('Deskpro user callback /login/authenticate-callback/:usId?jwt=', () => {
  test('the official example payload logs the user in by id and lands on the `return` page', async () => {
    const res = await request(callback({ return: '/new-ticket/', jwt: await deskproToken({ id: 42, email: 'Agent.Smith@Example.com', name: 'Agent Smith' }) }));
    expect(res.status).toBe(302);
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/new-ticket/');
    const cookie = cookieOf(res.headers);
    expect(cookie).toMatch(/^hjr_session_default=/);

    const page = await request(`${rx.url}/new-ticket/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('New ticket');
    expect(page.body).toContain('agent.smith@example.com');

    const db = new Database(rx.dbPath, { readonly: true });
    const user = db.prepare('SELECT * FROM users WHERE tenant = ? AND identity_key = ?').get('default', 'id:42') as Record<string, unknown>;
    db.close();
    expect(user).toMatchObject({ email: 'agent.smith@example.com', name: 'Agent Smith', external_id: '42', login_count: 1, last_login_at: T0_MS });
    expect(JSON.parse(user.attributes as string)).toEqual({ emailConfirmed: true });
  });

  test('without `return` the login lands on /home; at a tenant on /t/<id>/home', async () => {
    expect((await request(callback({ jwt: await deskproToken() }))).location).toBe('/home');
    const acme = await request(callback({ jwt: await deskproToken({}, 'HS256', 'acme-secret') }, `${rx.url}/t/acme`));
    expect(acme.result).toBe('accepted');
    expect(acme.location).toBe('/t/acme/home');
  });

  test('`return` leading off the tenant is refused with a warning and the login lands on /home', async () => {
    for (const bad of ['//evil.example/x', 'https://evil.example/', '/t/acme/home', 'new-ticket']) {
      const res = await request(callback({ return: bad, jwt: await deskproToken() }));
      expect(res.result).toBe('accepted');
      expect(res.location).toBe('/home');
      expect((await lastAttempt(rx)).checks.find((c) => c.name === 'return_to')).toMatchObject({ status: 'warn' });
    }
  });

  test('the identity is `id` (a string id too); the same id with another email is the same user', async () => {
    await request(callback({ jwt: await deskproToken({ id: 'u-7', email: 'first@example.com' }) }));
    await request(callback({ jwt: await deskproToken({ id: 'u-7', email: 'second@example.com' }) }));
    const users = (await rx.store.searchUsers({ tenant: 'default' })).filter((u) => u.externalId === 'u-7');
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ email: 'second@example.com', loginCount: 2 });
  });

  test('without `id` the user is known by email, with a warning (the guide requires id, the code does not)', async () => {
    const res = await request(callback({ jwt: await deskproToken({ id: undefined, email: 'noid@example.com' }) }));
    expect(res.result).toBe('accepted');
    expect((await lastAttempt(rx)).checks.find((c) => c.name === 'id')).toMatchObject({ status: 'warn' });
    expect((await rx.store.searchUsers({ tenant: 'default' })).find((u) => u.email === 'noid@example.com')).toMatchObject({ externalId: null });
    const db = new Database(rx.dbPath, { readonly: true });
    expect(db.prepare('SELECT identity_key FROM users WHERE email = ?').get('noid@example.com')).toEqual({ identity_key: 'noid@example.com' });
    db.close();
  });

  test('name, first_name and last_name are stored; name falls back to first + last', async () => {
    await request(callback({ jwt: await deskproToken({ id: 501, name: undefined, first_name: 'Ada', last_name: 'Lovelace' }) }));
    expect((await rx.store.searchUsers({ tenant: 'default' })).find((u) => u.externalId === '501')).toMatchObject({
      name: 'Ada Lovelace',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    await request(callback({ jwt: await deskproToken({ id: 502, name: 'The Countess', first_name: 'Ada', last_name: 'Lovelace' }) }));
    expect((await rx.store.searchUsers({ tenant: 'default' })).find((u) => u.externalId === '502')).toMatchObject({
      name: 'The Countess',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
  });

  test('no name at all is accepted with a `names` warning (the code stores the user without one)', async () => {
    const res = await request(callback({ jwt: await deskproToken({ id: 503, name: undefined }) }));
    expect(res.result).toBe('accepted');
    expect((await lastAttempt(rx)).checks.find((c) => c.name === 'names')).toMatchObject({ status: 'warn' });
    expect((await rx.store.searchUsers({ tenant: 'default' })).find((u) => u.externalId === '503')).toMatchObject({ name: null });
  });

  test("the code's minimum, a token with only `email`, is accepted", async () => {
    expect((await request(callback({ jwt: await signAs({ email: 'minimal@example.com' }) }))).result).toBe('accepted');
  });

  test("a missing or empty `jwt` gets Deskpro's message (token_missing), as a page and as JSON", async () => {
    for (const target of [callback({}), callback({ jwt: '' }), callback({ token: await deskproToken() })]) {
      const res = await request(target, { json: true });
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ error: 'token_missing', message: MISSING_JWT });
    }
    const page = await request(callback({}));
    expect(page.result).toBe('token_missing');
    expect(page.body).toContain(MISSING_JWT);
  });

  test("a missing `email` gets Deskpro's message (claim_missing); a bad one is claim_invalid", async () => {
    const res = await request(callback({ jwt: await deskproToken({ email: undefined }) }), { json: true });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error: 'claim_missing', check: 'email', message: MISSING_EMAIL });
    expect((await request(callback({ jwt: await deskproToken({ email: 'not-an-address' }) }))).result).toBe('claim_invalid');
    expect((await request(callback({ jwt: await deskproToken({ email: 7 }) }))).result).toBe('claim_invalid');
  });

  test('claims of the wrong type are refused: id as an object or a fraction, name as a number', async () => {
    expect((await request(callback({ jwt: await deskproToken({ id: { n: 1 } }) }))).result).toBe('claim_invalid');
    expect((await request(callback({ jwt: await deskproToken({ id: 1.5 }) }))).result).toBe('claim_invalid');
    expect((await request(callback({ jwt: await deskproToken({ name: 7 }) }))).result).toBe('claim_invalid');
    expect((await request(callback({ jwt: await deskproToken({ first_name: ['Ada'] }) }))).result).toBe('claim_invalid');
  });

  test('a jti is not checked by default: the same token twice is accepted, each time with a replay warning', async () => {
    const token = await deskproToken({ id: 900 });
    for (let i = 0; i < 2; i++) {
      expect((await request(callback({ jwt: token }))).result).toBe('accepted');
      expect((await lastAttempt(rx)).checks.find((c) => c.name === 'replay')).toMatchObject({
        status: 'warn',
        message: expect.stringMatching(/Deskpro does not check jti or replays/),
      });
    }
    expect((await rx.store.searchUsers({ tenant: 'default' })).find((u) => u.externalId === '900')).toMatchObject({ loginCount: 2 });
  });

  test('a wrong secret is signature_invalid', async () => {
    expect((await request(callback({ jwt: await deskproToken({}, 'HS256', 'not-the-secret') }))).result).toBe('signature_invalid');
  });

  test('any usersource id is served; a missing one is not a route', async () => {
    expect((await request(url(rx.url, '/login/authenticate-callback/7', { jwt: await deskproToken() }))).result).toBe('accepted');
    expect((await request(url(rx.url, '/login/authenticate-callback/', { jwt: await deskproToken() }))).status).toBe(404);
  });
});

describe('POST callbacks (Deskpro reads $_REQUEST)', () => {
  test('a form body with `jwt`, `return` in the query string', async () => {
    const res = await post(callback({ return: '/kb' }), { jwt: await deskproToken() });
    expect(res.status).toBe(302);
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/kb');
  });

  test('a JSON body with `jwt` and `return`', async () => {
    const res = await post(callback({}), { jwt: await deskproToken(), return: '/tickets' }, true);
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/tickets');
  });

  test("a POST without `jwt` gets Deskpro's message", async () => {
    const res = await post(callback({}), { return: '/kb' });
    expect(res.result).toBe('token_missing');
    expect(res.body).toContain(MISSING_JWT);
  });

  test('a POST body that is not form or JSON is not read: token_missing', async () => {
    const res = await request(callback({}), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: `jwt=${await deskproToken()}` });
    expect(res.result).toBe('token_missing');
  });

  test('`jwt` in both the query and the body is ambiguous: token_repeated', async () => {
    const token = await deskproToken();
    expect((await post(callback({ jwt: token }), { jwt: token })).result).toBe('token_repeated');
  });
});

describe('Deskpro agent callback /agent/login/authenticate-callback/:usId', () => {
  test('GET logs the agent in and lands on the agent area, which shows the agent', async () => {
    const res = await request(agentCallback({ jwt: await deskproToken({ id: 'agent-1', name: 'Alice Agent', email: 'alice@example.com' }) }));
    expect(res.status).toBe(302);
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/agent');
    const page = await request(`${rx.url}/agent`, { headers: { cookie: cookieOf(res.headers) } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Agent interface for <strong>Alice Agent</strong>');
    expect(page.body).toContain('agent-1');
  });

  test('POST with a form body works the same; a `return` does not move the agent out of the agent area', async () => {
    const res = await post(agentCallback({ return: '/kb' }), { jwt: await deskproToken() });
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/agent');
  });

  test('at a tenant the agent area is /t/<id>/agent; without a session it says where agents sign in', async () => {
    const res = await request(agentCallback({ jwt: await deskproToken({}, 'HS256', 'acme-secret') }, `${rx.url}/t/acme`));
    expect(res.location).toBe('/t/acme/agent');
    const anon = await request(`${rx.url}/t/acme/agent`);
    expect(anon.body).toContain('Not signed in');
    expect(anon.body).toContain('href="/t/acme/agent/login/authenticate/1"');
  });

  test('the agent callback gives the same messages for a missing jwt and email', async () => {
    expect((await request(agentCallback({}), { json: true })).json()).toMatchObject({ error: 'token_missing', message: MISSING_JWT });
    expect((await request(agentCallback({ jwt: await deskproToken({ email: '' }) }), { json: true })).json()).toMatchObject({ error: 'claim_invalid' });
    expect((await request(agentCallback({ jwt: await deskproToken({ email: undefined }) }), { json: true })).json()).toMatchObject({
      error: 'claim_missing',
      message: MISSING_EMAIL,
    });
  });
});

describe("Deskpro and other profiles do not take each other's tokens", () => {
  test('a Deskpro token at a HappyFox tenant is refused: wrong secret, and no Deskpro route there', async () => {
    const token = await deskproToken();
    expect((await request(url(`${rx.url}/t/hf`, '/jwt/', { token }))).result).toBe('signature_invalid');
    expect((await request(callback({ jwt: token }, `${rx.url}/t/hf`), { json: true })).json()).toMatchObject({ error: 'route_unknown' });
  });

  test("a Deskpro token with what Deskpro's code needs (email only) is refused by HappyFox even with the same secret", async () => {
    const res = await request(url(`${rx.url}/t/shared`, '/jwt/', { token: await signAs({ email: 'minimal@example.com' }) }), { json: true });
    expect(res.json()).toMatchObject({ error: 'claim_missing', check: 'iat' });
  });

  test("an HS384 Deskpro token at a HappyFox tenant gets HappyFox's refusal, not Deskpro's message", async () => {
    const res = await request(url(`${rx.url}/t/shared`, '/jwt/', { token: await deskproToken({}, 'HS384') }), { json: true });
    expect(res.json()).toMatchObject({ error: 'alg_not_allowed' });
    expect(res.json().message).not.toMatch(/decryption algorithm/);
  });

  test('a HappyFox token at a Deskpro tenant is refused: wrong secret, wrong parameter, no HappyFox route', async () => {
    const token = await happyfoxToken({}, 'hf-secret');
    expect((await request(callback({ jwt: token }))).result).toBe('signature_invalid');
    expect((await request(callback({ token }), { json: true })).json()).toMatchObject({ error: 'token_missing', message: MISSING_JWT });
    expect((await request(url(rx.url, '/jwt/', { token }))).status).toBe(404);
  });
});
