import Database from 'better-sqlite3';
import { readDb } from '../helpers/database';
import { consumeUrl, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';

/** An attempt's checks are stored deflated (most of a login's bytes); rows written as JSON text before still read. */
let rx: TestReceiver;
beforeEach(async () => {
  rx = await startTestReceiver();
});
afterEach(() => rx.stop());

test('the checks of a new attempt are a deflated BLOB under half the JSON size, and read back whole', async () => {
  expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }))).result).toBe('accepted');
  const [row] = await rx.store.searchAttempts({ limit: 1 });
  const json = JSON.stringify(row?.checks);
  const stored = readDb(rx, (db) => db.prepare('SELECT typeof(checks) AS type, length(checks) AS bytes FROM attempts WHERE id = ?').get(row?.id)) as {
    type: string;
    bytes: number;
  };
  expect(stored.type).toBe('blob');
  expect(stored.bytes).toBeLessThan(json.length / 2);
  expect((row?.checks as Array<{ name: string }>).map((c) => c.name)).toContain('signature');
});

test('an attempt stored with its checks as JSON text (before) reads the same', async () => {
  const checks = [{ name: 'signature', status: 'pass', message: 'old row' }];
  const db = new Database(rx.dbPath);
  const id = Number(
    db
      .prepare("INSERT INTO attempts (tenant, at, route, accepted, code, checks) VALUES ('default', 1, 'GET /jwt/', 0, 'signature_invalid', ?)")
      .run(JSON.stringify(checks)).lastInsertRowid,
  );
  db.close();
  expect((await rx.store.attempt(id))?.checks).toEqual(checks);
  const api = await request(`${rx.url}/_receiver/attempts/${id}`);
  expect(api.json()).toMatchObject({ id, checks });
});
