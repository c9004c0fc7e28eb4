import { openPostgresStore, type PostgresStore } from '../../../src/store/postgres';
import { startPostgres, withClient, type PostgresServer } from '../../helpers/postgres';
import { until } from '../../helpers/until';
import { loginInput, refusal } from '../contract/fixtures';

/**
 * Faults at the store level, on a server of this suite's own (it is stopped and started): the
 * database gone, a read-only role, an exhausted pool, a statement past its timeout. Each time:
 * store_unavailable, nobody logged in, no crash, and recovery when the database returns.
 */
let server: PostgresServer;
const stores: PostgresStore[] = [];
const open = async (url = server.url, extra: { poolSize?: number; connectTimeoutMs?: number; statementTimeoutMs?: number } = {}) => {
  const store = await openPostgresStore({ url, schema: 'faults', attemptsPerTenant: 100, connectTimeoutMs: 1000, ...extra });
  stores.push(store);
  return store;
};
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await server?.destroy();
});

test('the server stopped mid-run (a crash): store_unavailable, no accept, health says why; recovery after the restart', async () => {
  // Refused connections fail at once whatever the timeout; a slow first connection after the restart (a loaded machine) must not.
  const store = await open(server.url, { connectTimeoutMs: 5000 });
  await expect(store.login(loginInput({ key: 'jti:before-crash' }))).resolves.toMatchObject({ ok: true });
  const keys = Array.from({ length: 20 }, (_, i) => `jti:during-${i}`);
  const inFlight = keys.map((key) =>
    store.login(loginInput({ key })).then(
      (o) => o.ok,
      (e: { code?: string }) => e.code,
    ),
  );
  await server.stop('immediate');
  const during = await Promise.all(inFlight);
  // Some may have committed before the crash; none after: every other answer is store_unavailable.
  expect(during.every((x) => x === true || x === 'store_unavailable')).toBe(true);
  await expect(store.login(loginInput({ key: 'jti:while-down' }))).rejects.toMatchObject({ code: 'store_unavailable', status: 503 });
  expect(await store.recordAttempt(refusal())).toBeNull();
  const health = await store.health();
  expect(health).toMatchObject({ state: 'unavailable', engine: 'postgres', tables: null });
  expect(health.reason).toMatch(/ECONNREFUSED|terminat|connect/i);

  await server.start();
  // The pool's connections died with the server, and health's own connection (1 s connect timeout)
  // may time out on a loaded machine while the server finishes its crash recovery: the store is
  // back once its health says so.
  await until('the store to say ok after the restart', async () => (await store.health()).state === 'ok');
  await expect(store.login(loginInput({ key: 'jti:after-restart' }))).resolves.toMatchObject({ ok: true });
  await expect(store.login(loginInput({ key: 'jti:before-crash' }))).resolves.toMatchObject({ ok: false }); // still spent

  // Every login answered accepted survived the crash (its commit was acknowledged, so it is in the WAL).
  const answeredAccepted = keys.filter((_, i) => during[i] === true);
  const spent = (await Promise.all(keys.map(async (k) => ((await store.ledgerEntry('default', k)) ? k : null)))).filter((k) => k !== null);
  expect(spent).toEqual(expect.arrayContaining(answeredAccepted));
  // A login whose answer the crash cut off may have committed before the server died (the client
  // never heard): then all of it did. A spent key has its accepted attempt, an attempt its key.
  const accepted = await store.searchAttempts({ accepted: true, order: 'oldest' });
  const attemptKeys = await Promise.all(accepted.map(async (a) => (await store.attempt(a.id))?.replayKey));
  expect([attemptKeys[0], attemptKeys.at(-1)]).toEqual(['jti:before-crash', 'jti:after-restart']);
  expect(attemptKeys.slice(1, -1).sort()).toEqual(spent.sort());
}, 60_000);

test('a server refusing connections at start: the store does not open, and says where (no password)', async () => {
  await server.stop('fast');
  try {
    const failed = openPostgresStore({ url: server.url, schema: 'faults', attemptsPerTenant: 100, connectTimeoutMs: 1000 });
    await expect(failed).rejects.toMatchObject({ name: 'StoreOpenError', message: expect.stringContaining(`127.0.0.1:${server.port}`) });
    await expect(failed).rejects.not.toThrow(server.password);
  } finally {
    await server.start();
  }
}, 30_000);

test('a read-only role: logins store_unavailable (permission denied), health read_only, reads still answer', async () => {
  await open(); // migrated by a writer
  await withClient(server.url, async (c) => {
    await c.query("CREATE ROLE reader LOGIN PASSWORD 'reader-pw'");
    await c.query('GRANT USAGE ON SCHEMA faults TO reader');
    await c.query('GRANT SELECT ON ALL TABLES IN SCHEMA faults TO reader');
  });
  const reader = await open(server.urlFor('reader', 'reader-pw'));
  const login = reader.login(loginInput({ key: 'jti:reader' }));
  await expect(login).rejects.toMatchObject({ code: 'store_unavailable', detail: expect.stringContaining('permission denied') });
  expect(await reader.health()).toMatchObject({ state: 'read_only', reason: expect.stringContaining('may not INSERT') });
  expect(await reader.replayState('default', 'jti:reader')).toEqual({ state: 'unspent' });
}, 30_000);

test('an exhausted pool: store_unavailable within the connect timeout, health busy; a statement past its timeout too; then recovery', async () => {
  const store = await open(server.url, { poolSize: 2, connectTimeoutMs: 500, statementTimeoutMs: 1500 });
  await withClient(server.url, async (admin) => {
    // SHARE blocks the ledger's INSERTs (two logins hang, holding both connections) but not reads.
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE faults.replay_ledger IN SHARE MODE');
    const stuck = [1, 2].map((i) => store.login(loginInput({ key: `jti:stuck-${i}` })).catch((e: { code?: string; detail?: string }) => e));
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await expect(store.login(loginInput({ key: 'jti:no-connection' }))).rejects.toMatchObject({
      code: 'store_unavailable',
      detail: expect.stringMatching(/timeout/i),
    });
    expect(Date.now() - started).toBeLessThan(1400);
    const busy = store.login(loginInput({ key: 'jti:waiting' })).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.health()).toMatchObject({ state: 'busy', reason: expect.stringContaining('all 2 connections') });
    // The two held logins end at the statement timeout: refused, not accepted.
    expect(await Promise.all(stuck)).toEqual(
      [1, 2].map(() => expect.objectContaining({ code: 'store_unavailable', detail: expect.stringContaining('statement timeout') })),
    );
    await busy;
    await admin.query('ROLLBACK');
  });
  await expect(store.login(loginInput({ key: 'jti:stuck-1' }))).resolves.toMatchObject({ ok: true }); // never spent by the refused one
  expect(await store.health()).toMatchObject({ state: 'ok' });
}, 30_000);
