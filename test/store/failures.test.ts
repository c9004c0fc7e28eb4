import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { refuseWrites } from '../helpers/database';
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
    await refuseWrites(rx.store);
    const res = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }), { json: true });
    expect(res.status).toBe(503);
    expect(res.result).toBe('store_unavailable');
    expect(res.json().detail).toMatch(/readonly|read-only|query_only/i);
    await refuseWrites(rx.store, false);
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

/** Runs chattr; its failure is the test's failure (with chattr's own words), never a silent pass. */
function chattr(flag: '+i' | '-i', path: string): void {
  const run = spawnSync('chattr', [flag, path], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`chattr ${flag} ${path} failed (${run.error?.message ?? run.stderr.trim()}): the fault cannot be set up`);
}

/**
 * Whether this machine can make a file immutable (chattr +i: root, and a file system that has the
 * flag), asked once before the tests are declared, so a machine that cannot shows the test as
 * skipped in jest's summary rather than passing it.
 */
function canMakeImmutable(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'hjr-chattr-'));
  const file = join(dir, 'probe');
  writeFileSync(file, 'x');
  try {
    if (spawnSync('chattr', ['+i', file]).status !== 0) return false;
    spawnSync('chattr', ['-i', file]);
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a database file the operating system will not let us write', () => {
  // Root ignores file modes, so the file is made immutable (chattr +i) instead.
  const immutable = canMakeImmutable() ? test : test.skip;

  immutable('the receiver refuses to start, naming the file (it would refuse every login)', async () => {
    const first = await startTestReceiver();
    const { dbPath, dir } = first;
    await first.close(); // keep the folder: the file is reused below
    chattr('+i', dbPath);
    try {
      await expect(startTestReceiver({}, { dbPath })).rejects.toMatchObject({
        name: 'StoreOpenError',
        path: dbPath,
        message: `cannot open the database ${dbPath}: the file cannot be written (the file is immutable or not this user's)`,
      });
    } finally {
      chattr('-i', dbPath);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  immutable('a -shm file it cannot write is refused at start, naming it (SQLite would map it: SIGBUS)', async () => {
    const first = await startTestReceiver();
    const { dbPath, dir } = first;
    await first.close();
    writeFileSync(`${dbPath}-shm`, '');
    chattr('+i', `${dbPath}-shm`);
    try {
      await expect(startTestReceiver({}, { dbPath })).rejects.toMatchObject({
        name: 'StoreOpenError',
        message: `cannot open the database ${dbPath}: its -shm file ${dbPath}-shm cannot be written (the file is immutable or not this user's)`,
      });
    } finally {
      chattr('-i', `${dbPath}-shm`);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
