import Database from 'better-sqlite3';
import { ReceiverError } from '../../src/errors';
import { refuseWrites } from '../helpers/database';
import { SECRET, T0, consumeUrl, freshJti, happyfoxToken, request, sign, startTestReceiver, type TestReceiver } from '../helpers/receiver';

/**
 * Every write goes through the group commit and fails the same way: a database that refuses it is
 * 503 store_unavailable naming the file, never a 500, and nothing is pretended done (a logout the
 * database did not record keeps the session and the cookie).
 */
const LOGOUT_URL = 'https://idp.example.com/sso/logout';

let rx: TestReceiver;
beforeEach(async () => {
  rx = await startTestReceiver({
    server: { busyTimeoutMs: 50 },
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'zen', profile: 'zendesk', secret: SECRET, remoteLogoutUrl: LOGOUT_URL },
    ],
  });
});
afterEach(() => rx.stop());

/** Logs in and returns the session cookie (`name=value`) and its value. */
async function login(url: string): Promise<{ cookie: string; id: string }> {
  const res = await request(url);
  expect(res.result).toBe('accepted');
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return { cookie, id: cookie.slice(cookie.indexOf('=') + 1) };
}
const happyfoxLogin = async () => login(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }));
const zendeskLogin = async () =>
  login(consumeUrl(rx.url, '/t/zen/access/jwt', { jwt: await sign({ iat: T0, jti: freshJti(), email: 'zoe@example.com', name: 'Zoe' }) }));
const live = async (id: string, tenant = 'default') => (await rx.store.findSession(id, tenant, rx.clock.nowMs())) !== undefined;
const readonlyDetail = () => `attempt to write a readonly database (database ${rx.dbPath})`;

describe('logout while the database takes no writes (query_only)', () => {
  test('portal POST /logout: 503 store_unavailable naming the file; the session and the cookie stay; then it works', async () => {
    const { cookie, id } = await happyfoxLogin();
    await refuseWrites(rx.store);
    const refused = await request(`${rx.url}/logout`, { method: 'POST', headers: { cookie }, json: true });
    expect(refused.status).toBe(503);
    expect(refused.result).toBe('store_unavailable');
    expect(refused.json()).toMatchObject({ error: 'store_unavailable', detail: readonlyDetail() });
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(refused.location).toBeNull();
    // The sign-out form a browser posts gets the HTML form of the same answer.
    const page = await request(`${rx.url}/logout`, { method: 'POST', headers: { cookie } });
    expect([page.status, page.result, page.headers.get('content-type')]).toEqual([503, 'store_unavailable', 'text/html; charset=utf-8']);
    expect(await live(id)).toBe(true);

    await refuseWrites(rx.store, false);
    const out = await request(`${rx.url}/logout`, { method: 'POST', headers: { cookie } });
    expect([out.status, out.location]).toEqual([303, '/home']);
    expect(await live(id)).toBe(false);
  });

  test('Zendesk POST /logout to the Remote Logout URL: 503, no redirect to the IdP, the session stays', async () => {
    const { cookie, id } = await zendeskLogin();
    expect(await live(id, 'zen')).toBe(true);
    await refuseWrites(rx.store);
    const refused = await request(`${rx.url}/t/zen/logout`, { method: 'POST', headers: { cookie }, json: true });
    expect(refused.status).toBe(503);
    expect(refused.json()).toMatchObject({ error: 'store_unavailable', detail: readonlyDetail() });
    expect(refused.location).toBeNull();
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(await live(id, 'zen')).toBe(true);

    await refuseWrites(rx.store, false);
    const out = await request(`${rx.url}/t/zen/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.location?.startsWith(`${LOGOUT_URL}?email=zoe%40example.com&`)).toBe(true);
    expect(await live(id, 'zen')).toBe(false);
  });

  test('a logout while another process holds the write lock past the busy timeout: 503, the session stays', async () => {
    const { cookie, id } = await happyfoxLogin();
    const other = new Database(rx.dbPath);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const refused = await request(`${rx.url}/logout`, { method: 'POST', headers: { cookie }, json: true });
      expect(refused.status).toBe(503);
      expect(refused.json()).toMatchObject({ error: 'store_unavailable', detail: `database is locked (database ${rx.dbPath})` });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await live(id)).toBe(true);
  });
});

describe("the store's other writes refuse the same way", () => {
  const storeUnavailable = () => expect.objectContaining({ code: 'store_unavailable', status: 503, detail: readonlyDetail() });

  test('housekeeping, a clear, a session end and a new setting reject with store_unavailable; a stored setting is read without a write', async () => {
    const { id } = await happyfoxLogin();
    const stored = await rx.store.setting('kept', () => 'first');
    await refuseWrites(rx.store);
    const writes = [rx.store.housekeeping(rx.clock.nowMs(), ['default']), rx.store.clear(), rx.store.endSession(id), rx.store.setting('new', () => 'x')];
    const errors = await Promise.all(
      writes.map((write: Promise<unknown>) =>
        write.then(
          () => new Error('the write resolved'),
          (e: unknown) => e,
        ),
      ),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(ReceiverError);
      expect(error).toEqual(storeUnavailable());
    }
    await expect(rx.store.setting('kept', () => 'second')).resolves.toBe(stored);
    expect(await rx.store.health()).toMatchObject({ state: 'read_only', reason: 'attempt to write a readonly database' });
    await refuseWrites(rx.store, false);
    expect(await rx.store.health()).toMatchObject({ state: 'ok', reason: null });
    expect(await live(id)).toBe(true); // the refused clear and end removed nothing
    expect(await rx.store.searchAttempts()).toHaveLength(1);
  });
});
