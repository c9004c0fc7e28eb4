import { existsSync, statSync } from 'node:fs';
import { SECRET, happyfoxSessionCookie, signedIn, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { until } from '../helpers/until';

/**
 * The WAL is copied into the database file by a second thread as logins commit, not by the commit
 * that crosses SQLite's automatic threshold (10,000 pages): that commit used to copy thousands of
 * pages while every login queued behind it waited (the p99 at 50 connections in `npm run bench`).
 */
let rx: TestReceiver;
afterEach(() => rx.stop());

const fileBytes = (path: string) => (existsSync(path) ? statSync(path).size : 0);

test('logins far below the automatic checkpoint threshold reach the database file within moments, and stay readable', async () => {
  rx = await startTestReceiver({ tenants: [{ id: 'default', profile: 'happyfox', secret: SECRET }] });
  const before = fileBytes(rx.dbPath);
  const cookies: string[] = [];
  // About 7 WAL pages a login: 60 logins are ~400 pages, 4 % of the automatic threshold.
  for (let i = 0; i < 60; i++) cookies.push(await happyfoxSessionCookie(rx, 'default', `u${i}@example.com`));
  await until('the database file grows by the logins the WAL holds', () => fileBytes(rx.dbPath) > before, 5000, 10);
  expect(fileBytes(rx.dbPath)).toBeGreaterThan(before);
  expect(await signedIn(rx, cookies[0] as string)).toBe(true);
  expect(await signedIn(rx, cookies[59] as string)).toBe(true);
});
