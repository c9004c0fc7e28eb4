import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { readDb } from '../helpers/database';
import { consumeUrl, happyfoxToken, request, startTestReceiver, T0_MS, type Answer, type TestReceiver } from '../helpers/receiver';

/**
 * The session cookie's Secure attribute follows the scheme the browser used: https as a trusted
 * proxy reports it (trustProxy and X-Forwarded-Proto), never a header the receiver does not trust.
 */
const receivers: TestReceiver[] = [];
async function receiver(trustProxy: boolean): Promise<TestReceiver> {
  const rx = await startTestReceiver({ server: { trustProxy } });
  receivers.push(rx);
  return rx;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((rx) => rx.stop()));
});

/** The Set-Cookie header as `name=value` and its attribute names, lower-cased. */
function cookieOf(res: Answer): { pair: string; attributes: string[] } {
  const header = res.headers.get('set-cookie');
  if (!header) throw new Error(`no Set-Cookie (HTTP ${res.status}, ${res.result})`);
  const [pair, ...rest] = header.split(';').map((part) => part.trim());
  return { pair: pair as string, attributes: rest.map((a) => (a.split('=')[0] as string).toLowerCase()) };
}

async function loginAndLogout(rx: TestReceiver, headers: Record<string, string>): Promise<{ login: string[]; logout: string[] }> {
  const login = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }), { headers });
  expect(login.result).toBe('accepted');
  const cookie = cookieOf(login);
  const logout = await request(`${rx.url}/logout`, { method: 'POST', headers: { ...headers, cookie: cookie.pair } });
  expect(logout.status).toBe(303);
  return { login: cookie.attributes, logout: cookieOf(logout).attributes };
}

describe('the session cookie', () => {
  test('behind a trusted proxy over https (X-Forwarded-Proto: https): Secure on the login and on the logout that clears it', async () => {
    const rx = await receiver(true);
    const { login, logout } = await loginAndLogout(rx, { 'X-Forwarded-Proto': 'https' });
    expect(login).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite', 'path']));
    expect(logout).toContain('secure');
  });

  test('behind a trusted proxy over plain http: no Secure (the browser would drop it on http)', async () => {
    const rx = await receiver(true);
    const { login, logout } = await loginAndLogout(rx, { 'X-Forwarded-Proto': 'http' });
    expect(login).toEqual(expect.arrayContaining(['httponly', 'samesite', 'path']));
    expect(login).not.toContain('secure');
    expect(logout).not.toContain('secure');
  });

  test('without trustProxy, X-Forwarded-Proto is not believed: no Secure on a plain http connection', async () => {
    const rx = await receiver(false);
    const { login, logout } = await loginAndLogout(rx, { 'X-Forwarded-Proto': 'https' });
    expect(login).toEqual(expect.arrayContaining(['httponly', 'samesite', 'path']));
    expect(login).not.toContain('secure');
    expect(logout).not.toContain('secure');
  });
});

describe('session ids', () => {
  test('300 logins (past two refills of the id pool) get 300 different 256-bit values, each opening its own user’s session', async () => {
    const rx = await receiver(false);
    const values: string[] = [];
    for (let i = 0; i < 300; i++) {
      const login = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ email: `user${i}@example.com` }) }));
      expect(login.result).toBe('accepted');
      const value = cookieOf(login).pair.slice('hjr_session_default='.length);
      expect(value).toMatch(/^[0-9a-z]{9}\.[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(value.slice(10), 'base64url')).toHaveLength(32);
      values.push(value);
    }
    expect(new Set(values).size).toBe(300);
    for (const i of [0, 127, 128, 129, 255, 256, 299]) {
      const home = await request(`${rx.url}/home`, { headers: { cookie: `hjr_session_default=${values[i]}` } });
      expect(home.body).toContain(`user${i}@example.com`);
      expect(home.body).not.toContain(`user${i + 1}@example.com`);
    }
  });

  test('an id opens with the time it was made, so the table keeps sessions in that order; a cookie made before (its bare hash in the table) still signs in', async () => {
    const rx = await receiver(false);
    const cookies: string[] = [];
    for (const [i, hours] of [0, 2, 1].entries()) {
      const atMs = T0_MS + hours * 3600_000;
      rx.clock.freeze(atMs);
      const token = await happyfoxToken({ email: `user${i}@example.com`, iat: atMs / 1000 });
      const login = await request(consumeUrl(rx.url, '/jwt/', { token }));
      expect(login.result).toBe('accepted');
      cookies.push(cookieOf(login).pair.slice('hjr_session_default='.length));
    }
    expect(cookies.map((c) => Number.parseInt(c.slice(0, 9), 36))).toEqual([T0_MS, T0_MS + 2 * 3600_000, T0_MS + 3600_000]);
    // The stored keys: each cookie's time, then the SHA-256 of the whole cookie (the time is signed into it).
    const sha = (value: string) => createHash('sha256').update(value).digest('base64url');
    const keys = readDb(rx, (db) => db.prepare('SELECT id_hash FROM sessions ORDER BY id_hash').pluck().all()) as string[];
    expect(keys).toEqual([cookies[0], cookies[2], cookies[1]].map((c) => `${c!.slice(0, 10)}${sha(c!)}`));
    // Another time in front of a real cookie's random part is another session: nobody.
    const forged = `${(T0_MS + 60_000).toString(36).padStart(9, '0')}.${cookies[0]!.slice(10)}`;
    expect((await request(`${rx.url}/home`, { headers: { cookie: `hjr_session_default=${forged}` } })).body).not.toContain('user0@example.com');

    // A session of an earlier release: a cookie of 256 random bits, the bare hash in the table.
    const legacy = randomBytes(32).toString('base64url');
    const db = new Database(rx.dbPath);
    try {
      db.prepare(
        `INSERT INTO sessions (id_hash, tenant, user_id, created_at, expires_at)
        SELECT ?, tenant, user_id, created_at, expires_at FROM sessions WHERE id_hash = ?`,
      ).run(sha(legacy), keys[0]);
    } finally {
      db.close();
    }
    const home = await request(`${rx.url}/home`, { headers: { cookie: `hjr_session_default=${legacy}` } });
    expect(home.body).toContain('user0@example.com');
  });
});
