import { failedCheck } from '../../helpers/checks';
import Database from 'better-sqlite3';
import { T0, T0_MS, consumeUrl, happyfoxToken, request, sign, startTestReceiver, freshJti, type TestReceiver } from '../../helpers/receiver';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver();
});
afterAll(() => rx.stop());

const consume = (token: string, extra: Record<string, string> = {}) => consumeUrl(rx.url, '/jwt/', { token, ...extra });

describe('HappyFox /jwt/?token=', () => {
  test('a valid token logs the user in and redirects to return_to', async () => {
    const res = await request(consume(await happyfoxToken({ email: 'Ann@Example.COM', name: 'Ann' }), { return_to: '/tickets' }));
    expect(res.status).toBe(302);
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/tickets');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hjr_session_default=[0-9a-z]{9}\.[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    expect(cookie).not.toMatch(/secure/i);

    const page = await request(`${rx.url}/tickets`, { headers: { cookie: cookie.split(';')[0] as string } });
    expect(page.body).toContain('ann@example.com');
    expect(page.body).toContain('Signed in as');

    const db = new Database(rx.dbPath, { readonly: true });
    const user = db.prepare('SELECT * FROM users WHERE email = ?').get('ann@example.com') as Record<string, unknown>;
    expect(user).toMatchObject({ tenant: 'default', name: 'Ann', login_count: 1, last_login_at: T0_MS });
    db.close();
  });

  test('without return_to the login lands on /home', async () => {
    const res = await request(consume(await happyfoxToken()));
    expect(res.location).toBe('/home');
  });

  test('an iat 187 s old is refused with the vendor message and the numbers', async () => {
    const res = await request(consume(await happyfoxToken({ iat: T0 - 187 })));
    expect(res.status).toBe(401);
    expect(res.result).toBe('token_expired');
    expect(res.body).toContain('Remote token has expired');
    expect(res.body).toContain('iat is 187 s old; HappyFox accepts 120 s');
    const json = (await request(consume(await happyfoxToken({ iat: T0 - 187 })), { json: true })).json();
    expect(json).toMatchObject({ error: 'token_expired', message: 'Remote token has expired', check: 'iat_window' });
    expect(failedCheck(json)).toMatchObject({ code: 'token_expired', claim: 'iat', reason: 'too_old', actual: 187, limit: 120, unit: 's' });
  });

  test('an iat exactly 120 s old is still accepted', async () => {
    expect((await request(consume(await happyfoxToken({ iat: T0 - 120 })))).result).toBe('accepted');
    expect((await request(consume(await happyfoxToken({ iat: T0 - 121 })))).result).toBe('token_expired');
  });

  test('a second use of the same jti is refused', async () => {
    const token = await sign({ iat: T0, jti: freshJti(), email: 'r@example.com' });
    expect((await request(consume(token))).result).toBe('accepted');
    const again = await request(consume(token), { json: true });
    expect(again.status).toBe(401);
    expect(again.json()).toMatchObject({ error: 'token_replayed', check: 'replay' });
  });
});
