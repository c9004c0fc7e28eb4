import { readDb } from '../helpers/database';
import { SECRET, T0_MS, consumeUrl, happyfoxToken, mojoToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { api, expectError, expectJson } from './support';

let rx: TestReceiver;
beforeEach(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET, options: { sessionTtlSeconds: 600 } },
      { id: 'helpdesk', profile: 'mojo', secret: SECRET },
    ],
  });
});
afterEach(() => rx.stop());

async function login(token: string, tenantBase = rx.url, path = '/jwt/'): Promise<string | null> {
  const res = await request(consumeUrl(tenantBase, path, { token }));
  return res.result;
}

describe('GET /_receiver/users and /_receiver/sessions', () => {
  test('the users and live sessions logins created, per tenant or all; never a session id', async () => {
    expect(await login(await happyfoxToken({ email: 'ann@example.com', name: 'Ann' }))).toBe('accepted');
    expect(await login(await happyfoxToken({ email: 'ann@example.com', name: 'Ann B' }))).toBe('accepted');
    expect(await login(await mojoToken({ email: 'bob@example.com' }), `${rx.url}/t/helpdesk`, '/jwt/consume')).toBe('accepted');

    const users = expectJson(await api(rx.url, 'GET', '/users'), 200).users;
    expect(users).toEqual([
      expect.objectContaining({ tenant: 'default', email: 'ann@example.com', name: 'Ann B', loginCount: 2, identityKey: 'ann@example.com', attributes: null }),
      expect.objectContaining({ tenant: 'helpdesk', email: 'bob@example.com', firstName: 'John', lastName: 'Smith', loginCount: 1 }),
    ]);
    expect(expectJson(await api(rx.url, 'GET', '/users?tenant=helpdesk'), 200).users).toHaveLength(1);

    const res = await api(rx.url, 'GET', '/sessions');
    const { sessions } = expectJson(res, 200);
    expect(sessions).toHaveLength(3);
    expect(sessions[0]).toEqual({
      ref: expect.stringMatching(/^[A-Za-z0-9_-]{8}$/),
      tenant: expect.any(String),
      userId: expect.any(Number),
      email: expect.any(String),
      createdAt: T0_MS,
      expiresAt: expect.any(Number),
      expiresInSeconds: expect.any(Number),
    });
    const hashes = readDb(rx, (db) => db.prepare('SELECT id_hash FROM sessions').pluck().all()) as string[];
    for (const h of hashes) expect(res.body).not.toContain(h); // a reference only, not even the whole hash
    expect(expectJson(await api(rx.url, 'GET', '/sessions?tenant=default'), 200).sessions.map((s: { email: string }) => s.email)).toEqual([
      'ann@example.com',
      'ann@example.com',
    ]);
  });

  test('sessions are live by the receiver clock: moving it past their end empties the list', async () => {
    await login(await happyfoxToken());
    expect(expectJson(await api(rx.url, 'GET', '/sessions?tenant=default'), 200).sessions[0]).toMatchObject({
      expiresAt: T0_MS + 600_000,
      expiresInSeconds: 600,
    });
    expectJson(await api(rx.url, 'PUT', '/clock', { advanceSeconds: 599 }), 200);
    expect(expectJson(await api(rx.url, 'GET', '/sessions?tenant=default'), 200).sessions[0]).toMatchObject({ expiresInSeconds: 1 });
    expectJson(await api(rx.url, 'PUT', '/clock', { advanceSeconds: 1 }), 200);
    expect(expectJson(await api(rx.url, 'GET', '/sessions?tenant=default'), 200).sessions).toEqual([]);
  });

  test('bad filters are request_invalid', async () => {
    expect(expectError(await api(rx.url, 'GET', '/users?tenant='), 400, 'request_invalid').problems).toEqual([
      'tenant must be a tenant id (1-63 lower-case letters, digits or dashes)',
    ]);
    expect(expectError(await api(rx.url, 'GET', '/sessions?limit=-1'), 400, 'request_invalid').problems).toEqual(['limit must be a whole number']);
    expect(expectError(await api(rx.url, 'GET', '/users?email=a@b.c'), 400, 'request_invalid').problems).toEqual(['email is not a known parameter']);
  });
});

describe('DELETE /_receiver/state', () => {
  test('one tenant: its attempts, users, sessions and ledger go; the other tenant keeps everything', async () => {
    const token = await happyfoxToken({ jti: 'clear-me' });
    await login(token);
    expect(await login(token)).toBe('token_replayed');
    await login(await mojoToken(), `${rx.url}/t/helpdesk`, '/jwt/consume');

    const body = expectJson(await api(rx.url, 'DELETE', '/state?tenant=default'), 200);
    expect(body).toEqual({ tenant: 'default', deleted: { attempts: 2, users: 1, sessions: 1, ledger: 1 } });
    expect(expectJson(await api(rx.url, 'GET', '/attempts?tenant=default'), 200).attempts).toEqual([]);
    expect(expectJson(await api(rx.url, 'GET', '/users'), 200).users.map((u: { tenant: string }) => u.tenant)).toEqual(['helpdesk']);
    // The ledger forgot the jti: the same token logs in again.
    expect(await login(token)).toBe('accepted');
  });

  test('all tenants; a second call deletes nothing; tenants and clock stay', async () => {
    await login(await happyfoxToken());
    await login(await mojoToken(), `${rx.url}/t/helpdesk`, '/jwt/consume');
    expect(expectJson(await api(rx.url, 'DELETE', '/state'), 200)).toEqual({ tenant: null, deleted: { attempts: 2, users: 2, sessions: 2, ledger: 2 } });
    expect(expectJson(await api(rx.url, 'DELETE', '/state'), 200)).toEqual({ tenant: null, deleted: { attempts: 0, users: 0, sessions: 0, ledger: 0 } });
    expect(expectJson(await api(rx.url, 'GET', '/tenants'), 200).tenants).toHaveLength(2);
    expect(expectJson(await api(rx.url, 'GET', '/clock'), 200)).toMatchObject({ mode: 'frozen', nowMs: T0_MS });
  });

  test('a bad tenant filter deletes nothing', async () => {
    await login(await happyfoxToken());
    expectError(await api(rx.url, 'DELETE', '/state?tenant=../x'), 400, 'request_invalid');
    expect(expectJson(await api(rx.url, 'GET', '/attempts'), 200).attempts).toHaveLength(1);
  });
});
