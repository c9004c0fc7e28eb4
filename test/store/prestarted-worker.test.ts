import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { openStore } from '../../src/store';
import { discardPrestartedStoreWorker, prestartStoreWorker } from '../../src/store/worker-thread';

/**
 * `serve`'s launcher starts the store's worker before the database is known (src/cli.ts,
 * prestartStoreWorker); the store opened next takes it and tells it the database. A worker
 * ends when its store closes, which is how these tests tell which worker a store got.
 */
const OPTIONS = { busyTimeoutMs: 100, attemptsPerTenant: 100 };
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hjr-prestart-'))));
afterEach(() => {
  discardPrestartedStoreWorker();
  rmSync(dir, { recursive: true, force: true });
});

const exitOf = (worker: Worker) => new Promise<number>((resolve) => worker.once('exit', resolve));

test('the store opened next runs on the worker started ahead, on the database named then; the store after it gets a worker of its own', async () => {
  const early = prestartStoreWorker();
  expect(prestartStoreWorker()).toBe(early); // one worker ahead, however often asked
  const exited = exitOf(early);
  const store = await openStore(join(dir, 'r.db'), OPTIONS);
  expect(store.location).toBe(join(dir, 'r.db'));
  await expect(store.setting('k', () => 'first')).resolves.toBe('first');
  await expect(store.setting('k', () => 'second')).resolves.toBe('first');

  const other = await openStore(join(dir, 'r.db'), OPTIONS); // the same file, from a new worker
  await expect(other.setting('k', () => 'third')).resolves.toBe('first');
  await other.close();
  await store.close();
  await exited; // the store had it: closing the store ended it
});

test('a database the worker started ahead cannot open is refused as from any worker: a StoreOpenError naming the file', async () => {
  const early = prestartStoreWorker();
  const exited = exitOf(early);
  await expect(openStore(dir, OPTIONS)).rejects.toMatchObject({
    name: 'StoreOpenError',
    message: `cannot open the database ${dir}: it is a folder, not a file`,
  });
  await exited;
});

test('a worker started ahead that is gone is not taken: the store starts another', async () => {
  const early = prestartStoreWorker();
  await early.terminate();
  const store = await openStore(':memory:', OPTIONS);
  await expect(store.setting('k', () => 'v')).resolves.toBe('v');
  await store.close();
});

test('discarded (the config chose PostgreSQL), the worker started ahead stops', async () => {
  const early = prestartStoreWorker();
  const exited = exitOf(early);
  discardPrestartedStoreWorker();
  await exited;
  discardPrestartedStoreWorker(); // none ahead now: nothing to do
});
