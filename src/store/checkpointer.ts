import { Worker } from 'node:worker_threads';
import { WAL_AUTOCHECKPOINT_PAGES } from './database';

/**
 * How long the checkpointer lets commits gather before it copies them into the database file, and
 * how often it copies once the WAL is near the automatic threshold. What it has not copied when the
 * WAL reaches that threshold, the writer copies itself while logins wait, so near it the thread keeps
 * up closely; elsewhere it lets the WAL grow and copies a page written many times once. A single
 * interval was either costly or slow: in an A/B bench at 50 connections, every 10 ms gave a p99 of
 * 18 ms, 20 ms 24-28 ms, 50 ms ~30 ms, and in `bench/store-cpu.ts` the thread cost 7 µs a login at
 * 20 ms, 5 at 50, 2 at 200. These two intervals gave 20 ms at 50 connections in the full bench.
 */
const EVERY_MS = 50;
const NEAR_MS = 2;
/** "Near": this share of the threshold is in the WAL. */
const NEAR_SHARE = 0.8;

/**
 * The checkpointer's thread, plain JavaScript so it runs the same from src/ (tests) and dist/. It
 * has its own connection to the file and, after each burst of commits (the writer counts them in
 * `commits` and wakes it), copies what the WAL holds into the database file with a PASSIVE
 * checkpoint: one that never takes the write lock, so the writer commits on while it copies. Any
 * failure (a read-only file, a locked checkpoint) is left to the writer's own automatic checkpoint.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const commits = new Int32Array(workerData.commits);
let db;
try {
  db = new Database(workerData.path, { timeout: 0, fileMustExist: true });
  db.pragma('wal_autocheckpoint = 0');
} catch {
  process.exit(0);
}
let seen = 0;
let pause = workerData.everyMs;
let closing = false;
parentPort.once('message', () => {
  closing = true;
  Atomics.notify(commits, 0);
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
(async () => {
  while (!closing) {
    const wait = Atomics.waitAsync(commits, 0, seen);
    if (wait.async) await wait.value;
    if (closing) break;
    await sleep(pause);
    seen = Atomics.load(commits, 0);
    try {
      const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
      pause = log >= workerData.nearFrames ? workerData.nearMs : workerData.everyMs;
    } catch {
      // Busy or read-only: the writer's automatic checkpoint still bounds the WAL.
    }
  }
  db.close();
})();
`;

/**
 * A second thread that keeps the WAL checkpointed while the store's worker writes.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses its threshold: that commit then
 * copies thousands of pages into the database file, and every login queued behind it waits. In
 * `npm run bench` those stalls (about 37 ms every ~1,500 logins) were the whole p99 at 50
 * connections (55 ms). With this thread copying as the WAL grows, the writer's own checkpoint (still
 * on, as the bound) finds only the last few milliseconds of pages to copy, and lets the WAL restart.
 */
export class Checkpointer {
  private readonly commits = new Int32Array(new SharedArrayBuffer(4));
  /** Started by the first commit: a store that is only read (or never used) has no second thread, and start-up pays none. */
  private thread: Worker | undefined;
  private unstartable = false;

  constructor(private readonly path: string) {}

  /** Called after each commit: counts it and wakes the thread if it sleeps. Never throws. */
  committed(): void {
    if (!this.thread && !this.unstartable) {
      try {
        this.thread = this.start();
      } catch {
        this.unstartable = true; // no thread (e.g. a resource limit): the writer's automatic checkpoint does the work
      }
    }
    Atomics.add(this.commits, 0, 1);
    Atomics.notify(this.commits, 0);
  }

  /**
   * Asks the thread to close its connection and end, after a checkpoint under way. Nothing waits for
   * it: whichever connection closes last copies the rest of the WAL into the file, as SQLite does.
   */
  close(): void {
    this.thread?.postMessage('close');
  }

  private start(): Worker {
    const thread = new Worker(THREAD, {
      eval: true,
      workerData: {
        path: this.path,
        driver: require.resolve('better-sqlite3'),
        commits: this.commits.buffer,
        everyMs: EVERY_MS,
        nearMs: NEAR_MS,
        nearFrames: Math.floor(WAL_AUTOCHECKPOINT_PAGES * NEAR_SHARE),
      },
    });
    // A thread that cannot start or dies leaves the writer's automatic checkpoint in charge: never a crash.
    thread.on('error', () => undefined);
    thread.unref();
    return thread;
  }
}
