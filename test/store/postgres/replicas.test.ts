import type { AttemptRow } from '../../../src/store/types';
import { openPostgresStore, type PostgresStore } from '../../../src/store/postgres';
import { LOCK_HOUSEKEEPING } from '../../../src/store/postgres/migrate';
import { suiteSchema, testPostgresUrl, withClient } from '../../helpers/postgres';
import { T0, loginInput, refusal } from '../contract/fixtures';

/** Two replicas = two PostgresStores (two pools) on one schema: what one spends, the other refuses. */
const { schema, drop } = suiteSchema();
let a: PostgresStore;
let b: PostgresStore;
beforeAll(async () => {
  const open = () => openPostgresStore({ url: testPostgresUrl(), schema, attemptsPerTenant: 1000 });
  [a, b] = await Promise.all([open(), open()]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await drop();
});

test('200 concurrent logins of one key over two replicas: exactly one ok, 199 replayed naming it; 10 rounds', async () => {
  for (let round = 0; round < 10; round++) {
    const key = `jti:round-${round}`;
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).login(loginInput({ key, atMs: T0 + round }))));
    const ok = outcomes.filter((o) => o.ok) as Array<{ attemptId: number }>;
    expect({ round, ok: ok.length, replayed: outcomes.filter((o) => !o.ok).length }).toEqual({ round, ok: 1, replayed: 199 });
    const firsts = new Set(outcomes.flatMap((o) => (o.ok ? [] : [o.replay.firstAttempt])));
    expect([...firsts]).toEqual([ok[0]!.attemptId]);
  }
  // Ten logins in all, whichever replica took them.
  expect((await a.searchAttempts({ accepted: true })).length).toBe(10);
  expect((await b.searchUsers())[0]?.loginCount).toBe(10);
}, 60_000);

test("a replica hears the other's attempts (LISTEN/NOTIFY), once each, and its own without a round trip", async () => {
  const heard: AttemptRow[] = [];
  b.on('attempt', (row) => heard.push(row));
  const remote = await a.recordAttempt(refusal({ code: 'token_expired' }));
  const own = await b.recordAttempt(refusal({ code: 'signature_invalid' }));
  for (let i = 0; i < 100 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
  expect(heard.map((r) => r.id).sort()).toEqual([remote, own].sort());
  const { replayKey: _key, sessionHash: _hash, ...row } = (await a.attempt(remote!))!;
  expect(heard.find((r) => r.id === remote)).toEqual(row);
});

test('a setting raced by both replicas is created once', async () => {
  const values = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).setting('secret:shared', () => `value-${i}`)));
  expect(new Set(values).size).toBe(1);
});

test('a single-use value issued on one replica is redeemed once across both', async () => {
  await a.issueOnce({ tenant: 'default', purpose: 'oidc-state', value: 'st-1', issuedAtMs: T0, expiresAtMs: T0 + 60_000, data: { nonce: 'n' } });
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).redeemOnce('default', 'oidc-state', 'st-1', T0 + 1)));
  expect(answers.map((x) => x.state).sort()).toEqual(['redeemed', ...Array(19).fill('used')]);
});

test('housekeeping runs on one replica at a time: a replica finding the lock taken prunes nothing', async () => {
  for (let i = 0; i < 5; i++) await a.login(loginInput({ keepUntilMs: T0 + 1 }));
  await withClient(testPostgresUrl(), async (other) => {
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_HOUSEKEEPING, schema]);
    expect(await b.housekeeping(T0 + 10_000, [])).toEqual({ ledger: 0, sessions: 0, attempts: 0, once: 0, more: false });
    await other.query('COMMIT');
  });
  const both = await Promise.all([a.housekeeping(T0 + 10_000, []), b.housekeeping(T0 + 10_000, [])]);
  // Whoever got the lock pruned; the keys are pruned once, never counted twice.
  expect(both.reduce((n, r) => n + r.ledger, 0)).toBeGreaterThanOrEqual(5);
  expect(await a.housekeeping(T0 + 10_000, [])).toMatchObject({ ledger: 0 });
});

test('location names the server, database and schema, never the password', () => {
  const password = new URL(testPostgresUrl()).password;
  expect(a.location).not.toContain(password);
  expect(a.location).toBe(`${testPostgresUrl().replace(`:${password}@`, '@')}?schema=${schema}`);
});

test('health: ok, with rows and bytes per table', async () => {
  const health = await a.health();
  expect(health).toMatchObject({ state: 'ok', reason: null, engine: 'postgres' });
  expect(Object.keys(health.tables!).sort()).toEqual(['attempts', 'once_values', 'replay_ledger', 'sessions', 'settings', 'users']);
  expect(health.tables!.users).toEqual({ rows: 1, bytes: expect.any(Number) });
  expect(health.tables!.attempts!.bytes).toBeGreaterThan(8192);
});
