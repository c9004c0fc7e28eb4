import { SECRET, happyfoxSessionCookie, request, signedIn, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { suiteSchema, testPostgresUrl } from '../helpers/postgres';

/**
 * store.sessionsPerTenant on PostgreSQL, through the real server: the config's bound reaches the
 * store, housekeeping ends the oldest cookies of a tenant past it, and health's rows show it.
 */
const suite = suiteSchema();
let rx: TestReceiver;
afterAll(async () => {
  await rx?.stop();
  await suite.drop();
});

const login = (tenant: string, email: string) => happyfoxSessionCookie(rx, tenant, email);

test('store.sessionsPerTenant: the newest N sessions of each tenant kept, older cookies signed out, health counts the rows left', async () => {
  const url = new URL(testPostgresUrl());
  url.searchParams.set('schema', suite.schema);
  rx = await startTestReceiver({
    server: { db: url.toString() },
    store: { sessionsPerTenant: 3 },
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'other', profile: 'happyfox', secret: SECRET },
    ],
  });
  const cookies: string[] = [];
  for (let i = 0; i < 5; i++) {
    cookies.push(await login('default', `u${i}@example.com`));
    rx.clock.advance(1000); // distinct creation times: "newest" is by the receiver clock
  }
  await login('other', 'o1@example.com');
  const health = async () => (await request(`${rx.url}/_receiver/health`)).json() as { status: string; tables: Record<string, { rows: number }> };
  expect((await health()).tables.sessions?.rows).toBe(6);

  const pass = await rx.store.housekeeping(rx.clock.nowMs(), ['default', 'other']);
  expect(pass).toMatchObject({ sessions: 2, more: false });
  const kept = await rx.store.searchSessions({ tenant: 'default', liveAtMs: rx.clock.nowMs() });
  expect(kept.map((s) => s.email).sort()).toEqual(['u2@example.com', 'u3@example.com', 'u4@example.com']);
  expect(await signedIn(rx, cookies[0] as string)).toBe(false);
  expect(await signedIn(rx, cookies[4] as string)).toBe(true);
  expect(await health()).toMatchObject({ status: 'ok', tables: { sessions: { rows: 4 }, users: { rows: 6 } } });
}, 60_000);
