import { fillDisk, refuseWrites } from '../helpers/database';
import { holdWriteLock, type LockHolder } from '../helpers/lock-holder';
import { SECRET, T0, consumeUrl, freshJti, happyfoxToken, request, sign, startTestReceiver, type Answer, type TestReceiver } from '../helpers/receiver';
import { exchange, zohoToken } from '../vendors/zoho-asap/zoho';

/**
 * Every write path answers 503 store_unavailable (never 500) when the store cannot write, whatever
 * the reason: a read-only connection (query_only), a full database (max_page_count at its size)
 * or another process holding the write lock past the busy timeout. Nothing is pretended done.
 */
const LOGOUT_URL = 'https://idp.example.com/sso/logout';
const BUSY_TIMEOUT_MS = 200;

type Fault = 'read-only' | 'full' | 'locked';
const FAULTS: Fault[] = ['read-only', 'full', 'locked'];

let rx: TestReceiver;
let lock: LockHolder | undefined;
beforeEach(async () => {
  rx = await startTestReceiver({
    server: { busyTimeoutMs: BUSY_TIMEOUT_MS },
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'zen', profile: 'zendesk', secret: SECRET, remoteLogoutUrl: LOGOUT_URL },
      { id: 'zoho', profile: 'zoho-asap', secret: SECRET },
    ],
  });
});
afterEach(async () => {
  await lock?.release();
  lock = undefined;
  await rx.stop();
});

async function inject(fault: Fault): Promise<void> {
  if (fault === 'read-only') await refuseWrites(rx.store);
  else if (fault === 'full') await fillDisk(rx.store);
  else lock = await holdWriteLock(rx.dbPath);
}

async function lift(fault: Fault): Promise<void> {
  if (fault === 'read-only') await refuseWrites(rx.store, false);
  else if (fault === 'full') await fillDisk(rx.store, false);
  else {
    await lock?.release();
    lock = undefined;
  }
}

/** SQLite's words for each fault, as the answer's detail carries them. */
const REASON: Record<Fault, string> = {
  'read-only': 'attempt to write a readonly database',
  full: 'database or disk is full',
  locked: 'database is locked',
};

function expectUnavailable(res: Answer, fault: Fault): void {
  expect([res.status, res.result]).toEqual([503, 'store_unavailable']);
  expect(res.json()).toMatchObject({ error: 'store_unavailable', detail: expect.stringContaining(REASON[fault]) });
  expect(res.json().detail).toContain(rx.dbPath);
  expect(res.headers.get('set-cookie')).toBeNull();
  expect(res.location).toBeNull();
}

async function login(): Promise<{ cookie: string; id: string }> {
  const res = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }));
  expect(res.result).toBe('accepted');
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return { cookie, id: cookie.slice(cookie.indexOf('=') + 1) };
}

async function zendeskLogin(): Promise<{ cookie: string; id: string }> {
  const jwt = await sign({ iat: T0, jti: freshJti(), email: 'zoe@example.com', name: 'Zoe' });
  const res = await request(consumeUrl(rx.url, '/t/zen/access/jwt', { jwt }));
  expect(res.result).toBe('accepted');
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return { cookie, id: cookie.slice(cookie.indexOf('=') + 1) };
}

/**
 * A full database still has room in its partly used pages: writes go on until one needs a new page.
 * Under `full`, `attempt` is repeated (each time with fresh input) until it is refused; every answer
 * before that is a success, and the refusal is what the test then checks. Other faults refuse at once.
 */
async function firstRefused<T>(fault: Fault, attempt: () => Promise<T>, refused: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < (fault === 'full' ? 300 : 1); i++) {
    const value = await attempt();
    if (refused(value)) return value;
  }
  throw new Error(`no write was refused (${fault})`);
}

const live = async (id: string, tenant = 'default') => (await rx.store.findSession(id, tenant, rx.clock.nowMs())) !== undefined;

/** Deleting rows needs no new page: a full database still ends a session or clears state (checked, not a 500). */
describe.each(FAULTS)('%s database', (fault) => {
  test('consume (HappyFox login): 503, no session, the same token logs in once the fault goes', async () => {
    await inject(fault);
    let token = '';
    const res = await firstRefused(
      fault,
      async () => request(consumeUrl(rx.url, '/jwt/', { token: (token = await happyfoxToken()) }), { json: true }),
      (r) => r.result !== 'accepted',
    );
    expectUnavailable(res, fault);
    await lift(fault);
    expect((await request(consumeUrl(rx.url, '/jwt/', { token }))).result).toBe('accepted');
  });

  test("Zoho's exchange (POST /asap/jwt): 503, no access token", async () => {
    await inject(fault);
    let n = 0;
    let token = '';
    const res = await firstRefused(
      fault,
      async () => exchange(`${rx.url}/t/zoho`, (token = await zohoToken({ email: `zoho-${fault}-${++n}@example.com` }))),
      (r) => r.result !== 'accepted',
    );
    expect([res.status, res.result]).toEqual([503, 'store_unavailable']);
    expect(JSON.stringify(res.json())).not.toContain('access_token');
    await lift(fault);
    expect((await exchange(`${rx.url}/t/zoho`, token)).result).toBe('accepted');
  });

  test('portal sign-out (POST /logout): 503 or done, never 500; refused, the session and cookie stay', async () => {
    const { cookie, id } = await login();
    await inject(fault);
    const res = await request(`${rx.url}/logout`, { method: 'POST', headers: { cookie }, json: true });
    if (fault === 'full') {
      // A delete frees pages rather than taking one: a full database still signs out.
      expect([res.status, res.location]).toEqual([303, '/home']);
      expect(await live(id)).toBe(false);
      return;
    }
    expectUnavailable(res, fault);
    await lift(fault);
    expect(await live(id)).toBe(true);
    expect((await request(`${rx.url}/logout`, { method: 'POST', headers: { cookie } })).status).toBe(303);
    expect(await live(id)).toBe(false);
  });

  test("Zendesk's sign-out to the Remote Logout URL: 503 or done, never 500; refused, no redirect to the IdP", async () => {
    const { cookie, id } = await zendeskLogin();
    await inject(fault);
    const res = await request(`${rx.url}/t/zen/logout`, { method: 'POST', headers: { cookie }, json: true });
    if (fault === 'full') {
      expect(res.status).toBe(303);
      expect(await live(id, 'zen')).toBe(false);
      return;
    }
    expectUnavailable(res, fault);
    await lift(fault);
    expect(await live(id, 'zen')).toBe(true);
  });

  test('the inspection API (DELETE /_receiver/state): 503 or done, never 500', async () => {
    await login();
    await inject(fault);
    const res = await request(`${rx.url}/_receiver/state`, { method: 'DELETE' });
    if (fault === 'full') {
      expect(res.status).toBe(200);
      return;
    }
    expectUnavailable(res, fault);
    await lift(fault);
    expect(await rx.store.searchAttempts()).toHaveLength(1);
  });

  test('single-use values: issue and redeem reject with store_unavailable', async () => {
    const value = { tenant: 'default', purpose: 'oidc-state', value: `v-${fault}`, issuedAtMs: 1, expiresAtMs: Date.now() + 60_000 };
    await rx.store.issueOnce({ ...value, value: 'kept' });
    await inject(fault);
    let n = 0;
    const refusal = await firstRefused(
      fault,
      () =>
        rx.store.issueOnce({ ...value, value: `${value.value}-${++n}`, data: 'x'.repeat(500) }).then(
          () => null,
          (err: unknown) => err,
        ),
      (err) => err !== null,
    );
    expect(refusal).toMatchObject({ code: 'store_unavailable', status: 503, detail: expect.stringContaining(REASON[fault]) });
    if (fault !== 'full') await expect(rx.store.redeemOnce('default', 'oidc-state', 'kept', 2)).rejects.toMatchObject({ code: 'store_unavailable' });
    await lift(fault);
    await expect(rx.store.redeemOnce('default', 'oidc-state', 'kept', 2)).resolves.toMatchObject({ state: 'redeemed' });
  });

  test('housekeeping rejects with store_unavailable (the server logs it and tries again later)', async () => {
    await login();
    await inject(fault);
    const pass = rx.store.housekeeping(rx.clock.nowMs() + 365 * 86_400_000, ['default']);
    if (fault === 'full') await expect(pass).resolves.toMatchObject({ sessions: 1 });
    else await expect(pass).rejects.toMatchObject({ code: 'store_unavailable', status: 503 });
  });
});
