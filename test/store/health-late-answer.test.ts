import { refusal } from './contract/fixtures';
import { request, startTestReceiver, type TestReceiver } from '../helpers/receiver';

/**
 * Health waits 30 ms for the store's thread. When the thread is late for a reason other than a lock
 * (here: a burst of slow reads queued ahead of the probe, as on a loaded machine), health still
 * answers promptly with `busy`, and its reason says only that the store did not answer in time,
 * not that a write lock is held (test/store/locked-by-another-process.test.ts has the lock's reason).
 */
let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({}, { freezeAt: null });
  // Rows for every read below to scan (the e-mail filter is lower(email): no index serves it).
  await Promise.all(Array.from({ length: 3000 }, (_, i) => rx.store.recordAttempt(refusal({ email: `seed-${i}@example.com` }))));
});
afterAll(() => rx.stop());

test('health says the store did not answer within 30 ms, not that it is locked, while reads queued ahead keep it busy', async () => {
  const burst = Promise.all(Array.from({ length: 1500 }, () => rx.store.searchAttempts({ email: 'nobody@example.com' })));
  const started = performance.now();
  const res = await request(`${rx.url}/_receiver/health`);
  const ms = performance.now() - started;
  await burst;

  expect(res.status).toBe(200);
  const body = res.json() as { status: string; database: string; tables: unknown };
  expect(body).toMatchObject({ status: 'busy', tables: null });
  expect(body.database).toMatch(/^the store did not answer within 30 ms: .*; no write lock is known$/);
  expect(body.database).not.toContain('another connection holds');
  // The answer did not wait for the burst (which takes the worker hundreds of ms).
  expect(ms).toBeLessThan(250);

  // Once the queue is through, health reads the store again (asked a few times: on a loaded machine
  // an idle store can be late too, which is the point of the wording above).
  let after = await request(`${rx.url}/_receiver/health`);
  for (let i = 0; i < 20 && (after.json() as { status: string }).status === 'busy'; i++) after = await request(`${rx.url}/_receiver/health`);
  expect(after.json()).toMatchObject({ status: 'ok', database: 'ok' });
});
