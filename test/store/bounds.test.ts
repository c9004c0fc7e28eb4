import Database from 'better-sqlite3';
import { readDb } from '../helpers/database';
import { TRIM_SESSIONS_SQL } from '../../src/store/sessions';
import { SECRET, happyfoxSessionCookie, request, signedIn, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { until } from '../helpers/until';

/**
 * The store stays bounded and compact: sessions per tenant are kept newest-first like attempts,
 * freed pages go back to the file system (incremental vacuum), and health says how many rows and
 * bytes each table holds.
 */
let rx: TestReceiver;
afterEach(() => rx.stop());

const start = (store: Record<string, number>, opts: { dbPath?: string } = {}) =>
  startTestReceiver(
    {
      store,
      tenants: [
        { id: 'default', profile: 'happyfox', secret: SECRET },
        { id: 'other', profile: 'happyfox', secret: SECRET },
      ],
    },
    opts,
  );

const login = (tenant: string, email: string) => happyfoxSessionCookie(rx, tenant, email);

test('store.sessionsPerTenant: housekeeping keeps the newest N sessions of each tenant; older cookies are signed out', async () => {
  rx = await start({ sessionsPerTenant: 3 });
  const cookies: string[] = [];
  for (let i = 0; i < 5; i++) {
    cookies.push(await login('default', `u${i}@example.com`));
    rx.clock.advance(1000); // distinct creation times: "newest" is by the receiver clock
  }
  await login('other', 'o1@example.com');
  await login('other', 'o2@example.com');
  expect(await signedIn(rx, cookies[0] as string)).toBe(true);

  const pass = await rx.store.housekeeping(rx.clock.nowMs(), ['default', 'other']);
  expect(pass.sessions).toBe(2);
  const kept = await rx.store.searchSessions({ tenant: 'default', liveAtMs: rx.clock.nowMs() });
  expect(kept.map((s) => s.email)).toEqual(['u2@example.com', 'u3@example.com', 'u4@example.com']);
  expect(await rx.store.searchSessions({ tenant: 'other', liveAtMs: rx.clock.nowMs() })).toHaveLength(2);
  expect(await signedIn(rx, cookies[0] as string)).toBe(false);
  expect(await signedIn(rx, cookies[4] as string)).toBe(true);
});

test("housekeeping finds a tenant's surplus sessions by an index: no pass scans every tenant's sessions", async () => {
  rx = await start({ sessionsPerTenant: 1 });
  await login('default', 'a@example.com');
  const plan = readDb(rx, (db) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${TRIM_SESSIONS_SQL}`).all({ tenant: 'default', keep: 1, limit: 10 }) as Array<{ detail: string }>).map((r) => r.detail),
  );
  // Without it, 13 tenants over 129,000 sessions took ~450 ms a pass, and the worker served no login meanwhile.
  expect(plan).toContain('SEARCH sessions USING COVERING INDEX sessions_tenant_created (tenant=?)');
  expect(plan.join('\n')).not.toMatch(/SCAN sessions|TEMP B-TREE/);
});

test('a housekeeping slice bounds the rows of a pass over all tenants together, so a pass takes no longer with more tenants over their bounds', async () => {
  rx = await start({ attemptsPerTenant: 2, sessionsPerTenant: 2 });
  for (const tenant of ['default', 'other']) for (let i = 0; i < 4; i++) await login(tenant, `${tenant}${i}@example.com`);
  const tenants = ['default', 'other'];
  expect(await rx.store.housekeeping(rx.clock.nowMs(), tenants, 3)).toMatchObject({ sessions: 3, attempts: 3, more: true });
  expect(await rx.store.housekeeping(rx.clock.nowMs(), tenants, 3)).toMatchObject({ sessions: 1, attempts: 1, more: false });
  expect(await rx.store.searchAttempts({ tenant: 'other' })).toHaveLength(2);
  expect(await rx.store.searchSessions({ tenant: 'other', liveAtMs: rx.clock.nowMs() })).toHaveLength(2);
});

test('a new database uses incremental vacuum; housekeeping gives freed pages back so the file follows its rows', async () => {
  rx = await start({ attemptsPerTenant: 20, sessionsPerTenant: 20 });
  expect(readDb(rx, (db) => db.pragma('auto_vacuum', { simple: true }))).toBe(2);
  for (let i = 0; i < 300; i++) await login('default', `bulk${i}@example.com`);
  const pages = () =>
    readDb(rx, (db) => ({ pages: db.pragma('page_count', { simple: true }) as number, free: db.pragma('freelist_count', { simple: true }) as number }));
  const before = pages();

  // Slices of 200 rows: the first pass leaves a backlog, and vacuums nothing (the next logins would reuse those pages).
  let pass = await rx.store.housekeeping(rx.clock.nowMs(), ['default'], 200);
  expect(pass).toMatchObject({ attempts: 200, more: true, vacuumedPages: 0 });
  pass = await rx.store.housekeeping(rx.clock.nowMs(), ['default'], 200);
  expect(pass.attempts).toBe(80);
  let freed = pass.vacuumedPages ?? 0;
  while (pass.more) {
    pass = await rx.store.housekeeping(rx.clock.nowMs(), ['default'], 200);
    freed += pass.vacuumedPages ?? 0;
  }
  const after = pages();
  expect(freed).toBeGreaterThan(0);
  expect(after.free).toBe(0);
  // 280 of 300 attempts and sessions gone: the database is a fraction of its size, not its high-water mark.
  expect(after.pages).toBeLessThan(before.pages / 2);
  expect(await rx.store.searchAttempts()).toHaveLength(20);
});

test('a database made before incremental vacuum is converted once at start (its rows kept)', async () => {
  rx = await start({});
  await login('default', 'kept@example.com');
  const { dbPath, dir } = rx;
  await rx.close();
  const old = new Database(dbPath);
  old.pragma('auto_vacuum = NONE');
  old.exec('VACUUM');
  expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
  old.close();

  const again = await start({}, { dbPath });
  try {
    expect(readDb(again, (db) => db.pragma('auto_vacuum', { simple: true }))).toBe(2);
    expect((await again.store.searchUsers()).map((u) => u.email)).toEqual(['kept@example.com']);
  } finally {
    await again.close();
  }
  rx = { ...again, dir, stop: () => again.stop() };
});

test('health reports rows and bytes per table', async () => {
  rx = await start({});
  await login('default', 'a@example.com');
  await login('default', 'b@example.com');
  // Health waits 30 ms for the store's thread (`busy` past that), and a count that took more than
  // 2 ms (a loaded CI machine) is answered from the last one and redone within 5 s: wait for the
  // answer that has counted both logins.
  type Health = { status: string; tables: Record<string, { rows: number; bytes: number | null }> };
  let health: Health | undefined;
  await until('a health answer that counted both logins', async () => {
    const res = await request(`${rx.url}/_receiver/health`);
    health = res.json() as Health;
    return res.status === 200 && health.status === 'ok' && health.tables.users?.rows === 2;
  });
  const { tables } = health!;
  expect(tables).toMatchObject({ users: { rows: 2 }, sessions: { rows: 2 }, attempts: { rows: 2 }, replay_ledger: { rows: 2 }, once_values: { rows: 0 } });
  for (const t of Object.values(tables)) expect(t.bytes).toBeGreaterThanOrEqual(4096); // at least a page each (dbstat)
});
