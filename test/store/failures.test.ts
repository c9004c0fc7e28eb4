import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { consumeUrl, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';

/** The store fails closed: when the jti cannot be recorded, nobody is logged in, and the answer is a stable 503. */
describe('a database that cannot record the login', () => {
  let rx: TestReceiver;
  beforeEach(async () => {
    rx = await startTestReceiver({ server: { busyTimeoutMs: 50 } });
  });
  afterEach(() => rx.stop());

  test('locked by another process past the busy timeout: 503 store_unavailable, no session, and the next login works', async () => {
    const other = new Database(rx.dbPath);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const token = await happyfoxToken({ email: 'locked@example.com' });
      const res = await request(consumeUrl(rx.url, '/jwt/', { token }), { json: true });
      expect(res.status).toBe(503);
      expect(res.result).toBe('store_unavailable');
      expect(res.json()).toMatchObject({ error: 'store_unavailable', check: 'replay' });
      expect(res.headers.get('set-cookie')).toBeNull();
      // The portal is still readable in WAL mode while a writer holds the lock.
      expect((await request(`${rx.url}/home`)).status).toBe(200);
      other.exec('ROLLBACK');
      // Nothing was spent: the same token now logs in.
      expect((await request(consumeUrl(rx.url, '/jwt/', { token }))).result).toBe('accepted');
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });

  test('read-only (query_only): 503 store_unavailable and health reports the database still readable', async () => {
    rx.store.db.pragma('query_only = ON');
    const res = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }), { json: true });
    expect(res.status).toBe(503);
    expect(res.result).toBe('store_unavailable');
    expect(res.json().detail).toMatch(/readonly|read-only|query_only/i);
    rx.store.db.pragma('query_only = OFF');
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }))).result).toBe('accepted');
  });

  test('a refusal while the database is locked is still a clean 4xx, not a 5xx', async () => {
    const other = new Database(rx.dbPath);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const res = await request(consumeUrl(rx.url, '/jwt/', { token: 'abc.def.ghi' }));
      expect(res.status).toBe(400);
      expect(res.result).toBe('token_malformed');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('a database file the operating system will not let us write', () => {
  // Root ignores file modes, so the file is made immutable (chattr +i) instead; where the file
  // system cannot do that, the test says so and is skipped rather than passing vacuously.
  const chattr = (flag: string, path: string) => spawnSync('chattr', [flag, path], { encoding: 'utf8' });

  test('the receiver still starts, answers health, and refuses logins with 503 store_unavailable', async () => {
    const first = await startTestReceiver();
    const { dbPath, dir } = first;
    await first.close(); // keep the folder: the file is reused below
    if (chattr('+i', dbPath).status !== 0) {
      console.warn('chattr +i is not available here; read-only file test skipped');
      return;
    }
    try {
      const rx = await startTestReceiver({}, { dbPath });
      try {
        const res = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }), { json: true });
        expect(res.status).toBe(503);
        expect(res.result).toBe('store_unavailable');
        expect((await request(`${rx.url}/_receiver/health`)).status).toBe(200);
      } finally {
        await rx.stop();
      }
    } finally {
      chattr('-i', dbPath);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
