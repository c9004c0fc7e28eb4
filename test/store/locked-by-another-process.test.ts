import { holdWriteLock, type LockHolder } from '../helpers/lock-holder';
import { consumeUrl, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';

/**
 * Another process holds SQLite's write lock (BEGIN IMMEDIATE in a child process, up to 8 s). The
 * store's waits happen in its worker thread, never on the event loop: the server keeps answering
 * what needs no write, refuses logins with 503 within the busy timeout, and logs in again once the
 * lock goes.
 */
const BUSY_TIMEOUT_MS = 1000;

let rx: TestReceiver;
let lock: LockHolder | undefined;
beforeEach(async () => {
  rx = await startTestReceiver({ server: { busyTimeoutMs: BUSY_TIMEOUT_MS } }, { freezeAt: null });
});
afterEach(async () => {
  await lock?.release();
  lock = undefined;
  await rx.stop();
});

/** A request and how long it took, in ms. */
async function timed(url: string, init: Parameters<typeof request>[1] = {}) {
  const started = performance.now();
  const res = await request(url, init);
  return { res, ms: performance.now() - started };
}

const login = async (email: string) =>
  timed(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat: Math.floor(Date.now() / 1000), email }) }), { json: true });

test('health and portal pages answer within 50 ms (health says busy) while logins wait, even with a login queued', async () => {
  // Signed in before the lock: the portal page reads the session while the lock is held.
  const first = await login('before@example.com');
  expect(first.res.result).toBe('accepted');
  const cookie = (first.res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  lock = await holdWriteLock(rx.dbPath);

  const queued = login('during@example.com'); // waits for the lock in the worker
  await new Promise((r) => setTimeout(r, 100));
  // Three of each, judged by the median: one request on a loaded 2-core machine may be descheduled.
  const healths = [await timed(`${rx.url}/_receiver/health`), await timed(`${rx.url}/_receiver/health`), await timed(`${rx.url}/_receiver/health`)];
  const homes = [
    await timed(`${rx.url}/home`, { headers: { cookie } }),
    await timed(`${rx.url}/home`, { headers: { cookie } }),
    await timed(`${rx.url}/home`, { headers: { cookie } }),
  ];
  const refused = await queued;
  const median = (runs: Array<{ ms: number }>) => runs.map((r) => r.ms).sort((a, b) => a - b)[1] as number;
  const [health, home] = [healths[2], homes[2]] as [Awaited<ReturnType<typeof timed>>, Awaited<ReturnType<typeof timed>>];

  expect(median(healths)).toBeLessThan(50);
  expect(health.res.status).toBe(200);
  expect(health.res.json()).toMatchObject({ status: 'busy', database: expect.stringContaining('another connection holds the write lock') });
  expect(median(homes)).toBeLessThan(50);
  expect([home.res.status, home.res.body.includes('before@example.com')]).toEqual([200, true]);

  expect(refused.res.status).toBe(503);
  expect(refused.res.json()).toMatchObject({ error: 'store_unavailable', detail: expect.stringContaining(`${rx.dbPath} (database is locked)`) });
  expect(refused.res.headers.get('set-cookie')).toBeNull();
  // Refused no later than the busy timeout (plus the worker's retry step and the request's own time).
  expect(refused.ms).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS - 150);
  expect(refused.ms).toBeLessThan(BUSY_TIMEOUT_MS + 250);
});

test('nothing is accepted while the lock is held; service resumes when it goes', async () => {
  lock = await holdWriteLock(rx.dbPath);
  const token = await happyfoxToken({ iat: Math.floor(Date.now() / 1000), email: 'same@example.com' });
  const during = await Promise.all([1, 2, 3].map(() => timed(consumeUrl(rx.url, '/jwt/', { token }), { json: true })));
  expect(during.map((d) => d.res.status)).toEqual([503, 503, 503]);
  expect((await rx.store.health()).state).toBe('busy');

  await lock.release();
  lock = undefined;
  // The same token was never spent: it logs in now, once.
  const after = await timed(consumeUrl(rx.url, '/jwt/', { token }), { json: true });
  expect(after.res.result).toBe('accepted');
  expect(await rx.store.health()).toMatchObject({ state: 'ok', reason: null });
  expect((await request(consumeUrl(rx.url, '/jwt/', { token }), { json: true })).result).toBe('token_replayed');
  const accepted = await rx.store.searchAttempts({ accepted: true });
  expect(accepted).toHaveLength(1);
});

test('a login queued when the lock goes is accepted without waiting the whole busy timeout', async () => {
  lock = await holdWriteLock(rx.dbPath);
  const queued = login('released@example.com');
  await new Promise((r) => setTimeout(r, 200));
  await lock.release();
  lock = undefined;
  const done = await queued;
  expect(done.res.result).toBe('accepted');
  expect(done.ms).toBeLessThan(BUSY_TIMEOUT_MS);
});
