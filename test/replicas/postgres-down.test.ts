import { assertBuilt, cleanup, type Serving } from '../cli/harness';
import { request } from '../helpers/receiver';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { consume, replica, tally, token } from './support';

/**
 * PostgreSQL stopped under a running receiver (the built CLI), on a server of this suite's own:
 * logins 503 store_unavailable, health 503 saying why, the process keeps serving, and logins work
 * again once the server is back.
 */
let pg: PostgresServer;
let rx: Serving;

beforeAll(async () => {
  assertBuilt();
  pg = await startPostgres();
  rx = await replica(pg.url, 'down');
}, 60_000);
afterAll(async () => {
  await cleanup();
  await pg?.destroy();
});

test('PostgreSQL stopped mid-run: 503 store_unavailable, health 503 with the reason, no crash; recovery when it returns', async () => {
  const before = await token('before@example.com');
  expect(await consume(rx.url, before)).toEqual({ status: 302, result: 'accepted' });

  const inFlight = Promise.all(Array.from({ length: 20 }, async (_, i) => consume(rx.url, await token(`during-${i}@example.com`))));
  await pg.stop('immediate');
  const during = await inFlight;
  // Logins that committed before the crash were accepted; every other one is refused, never a 500.
  expect(Object.keys(tally(during)).every((k) => k === '302 accepted' || k === '503 store_unavailable')).toBe(true);

  const whileDown = await Promise.all(Array.from({ length: 5 }, async () => consume(rx.url, await token('down@example.com'))));
  expect(tally(whileDown)).toEqual({ '503 store_unavailable': 5 });
  const health = await request(`${rx.url}/_receiver/health`);
  expect(health.status).toBe(503);
  expect(health.json()).toMatchObject({ status: 'unavailable', database: expect.stringMatching(/ECONNREFUSED|terminat|connect/i) });
  expect(health.body).not.toContain(pg.password);
  expect(rx.proc.hasExited()).toBe(false);

  await pg.start();
  const after = await token('after@example.com');
  expect(await consume(rx.url, after)).toEqual({ status: 302, result: 'accepted' });
  expect(await consume(rx.url, before)).toEqual({ status: 401, result: 'token_replayed' }); // still spent
  const healthy = await request(`${rx.url}/_receiver/health`);
  expect([healthy.status, healthy.json().status]).toEqual([200, 'ok']);
  expect(rx.proc.stdout() + rx.proc.stderr()).not.toContain(pg.password);
}, 60_000);
