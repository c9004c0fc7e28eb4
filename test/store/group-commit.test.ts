import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GroupCommit } from '../../src/store/group-commit';

let dir: string;
let db: Database.Database;
let writes: GroupCommit;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hjr-gc-'));
  db = new Database(join(dir, 'gc.db'), { timeout: 50 });
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
  writes = new GroupCommit(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (k: string) => () => db.prepare('INSERT INTO t (k) VALUES (?)').run(k).changes;
const keys = () => db.prepare('SELECT k FROM t ORDER BY k').pluck().all();

describe('GroupCommit', () => {
  test('jobs of one event-loop turn share one transaction and settle after its commit', async () => {
    const seen: number[] = [];
    const other = new Database(join(dir, 'gc.db'));
    const promises = ['a', 'b', 'c'].map((k) =>
      writes.run(() => {
        insert(k)();
        // Inside the batch nothing is visible to another connection yet.
        seen.push(other.prepare('SELECT COUNT(*) FROM t').pluck().get() as number);
        return k;
      }),
    );
    expect(await Promise.all(promises)).toEqual(['a', 'b', 'c']);
    expect(seen).toEqual([0, 0, 0]);
    expect(other.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(3);
    other.close();
  });

  test('a failing job is rolled back alone; the others commit', async () => {
    const results = await Promise.allSettled([
      writes.run(insert('a')),
      writes.run(() => {
        insert('b')();
        insert('a')(); // primary key violation: this job's own 'b' must go too
      }),
      writes.run(insert('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(keys()).toEqual(['a', 'c']);
  });

  test('when BEGIN cannot take the write lock, every job of the batch fails and nothing is written', async () => {
    const other = new Database(join(dir, 'gc.db'));
    other.exec('BEGIN EXCLUSIVE');
    const results = await Promise.allSettled([writes.run(insert('a')), writes.run(insert('b'))]);
    other.exec('ROLLBACK');
    other.close();
    expect(results.every((r) => r.status === 'rejected' && /locked|busy/i.test(String(r.reason)))).toBe(true);
    expect(keys()).toEqual([]);
    // The next batch works.
    await writes.run(insert('z'));
    expect(keys()).toEqual(['z']);
  });

  test('when the transaction is lost mid-batch, jobs that had succeeded fail too', async () => {
    const results = await Promise.allSettled([
      writes.run(insert('a')),
      writes.run(() => db.prepare('ROLLBACK').run()), // SQLite ending the transaction under us
      writes.run(insert('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(keys()).toEqual([]);
  });

  test('flush() commits what is queued at once (used before the database closes)', async () => {
    const p = writes.run(insert('now'));
    writes.flush();
    expect(keys()).toEqual(['now']);
    await expect(p).resolves.toBe(1);
  });
});
