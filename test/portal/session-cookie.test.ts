import { consumeUrl, happyfoxToken, request, startTestReceiver, type Answer, type TestReceiver } from '../helpers/receiver';

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
      expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(value, 'base64url')).toHaveLength(32);
      values.push(value);
    }
    expect(new Set(values).size).toBe(300);
    for (const i of [0, 127, 128, 129, 255, 256, 299]) {
      const home = await request(`${rx.url}/home`, { headers: { cookie: `hjr_session_default=${values[i]}` } });
      expect(home.body).toContain(`user${i}@example.com`);
      expect(home.body).not.toContain(`user${i + 1}@example.com`);
    }
  });
});
