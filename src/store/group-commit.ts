import type { Db } from './database';
import { isBusyError, TransactionLost } from './sqlite-errors';

export { TransactionLost } from './sqlite-errors';

/** How often a batch asks again for a write lock another connection holds. */
const LOCK_RETRY_MS = 5;

interface Job {
  work: () => unknown;
  /** Past this instant (ms) a job still waiting for the write lock fails with SQLite's SQLITE_BUSY. */
  deadline: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the writes that requests ask for during one turn of the event loop run in ONE
 * transaction, each inside its own savepoint, and are committed once. A commit writes every page it
 * touched to the WAL, and consecutive logins touch mostly the same pages (the attempts leaf, the
 * index tails), so one commit for many logins writes far less than one commit each.
 *
 * Each job is still all-or-nothing: a job that throws is rolled back to its savepoint and only it
 * fails. A job's promise settles only after the COMMIT: nothing is reported done that is not on
 * disk. If the transaction itself is lost (BEGIN, COMMIT, or SQLite rolling back on its own after
 * SQLITE_FULL or an I/O error), every job of the batch fails with that error.
 *
 * While another connection holds the write lock, the batch waits WITHOUT blocking its thread: the
 * connection's own busy timeout is 0, BEGIN IMMEDIATE is asked again every few ms from a timer, and
 * a job still waiting `busyTimeoutMs` after it was queued fails with SQLITE_BUSY. Reads (and a
 * health probe) are answered meanwhile.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  private readonly begin;
  private readonly commit;
  private readonly rollback;
  private readonly savepoint;
  private readonly release;
  private readonly rollbackTo;

  private retry: NodeJS.Timeout | undefined;
  /** Since when (ms) the queued writes wait for another connection's write lock; null when they do not. */
  waitingSinceMs: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly busyTimeoutMs = 0,
    /** Told after each commit (the checkpointer counts them). */
    private readonly onCommit: () => void = () => undefined,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT job');
    this.release = db.prepare('RELEASE job');
    this.rollbackTo = db.prepare('ROLLBACK TO job');
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, deadline: Date.now() + this.busyTimeoutMs, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs and commits whatever is queued now (also called before the database closes). */
  flush(): void {
    const jobs = this.queue;
    this.queue = [];
    this.scheduled = false;
    clearTimeout(this.retry);
    this.retry = undefined;
    if (jobs.length === 0) return;
    try {
      this.begin.run();
    } catch (error) {
      if (isBusyError(error)) return this.waitForLock(jobs, error);
      this.waitingSinceMs = null;
      for (const job of jobs) job.reject(error);
      return;
    }
    this.waitingSinceMs = null;
    const outcomes = jobs.map((job) => this.runInSavepoint(job));
    try {
      if (!this.db.inTransaction) throw new TransactionLost(firstError(outcomes));
      this.commit.run();
    } catch (error) {
      this.quietly(() => this.db.inTransaction && this.rollback.run());
      // The job whose failure ended the transaction (SQLITE_FULL, an I/O error) keeps its own error.
      jobs.forEach((job, i) => {
        const outcome = outcomes[i];
        job.reject(error instanceof TransactionLost && outcome && !outcome.ok && !(outcome.error instanceof TransactionLost) ? outcome.error : error);
      });
      return;
    }
    this.onCommit(); // outside the try: the commit is done, nothing after it may fail the batch
    jobs.forEach((job, i) => {
      const outcome = outcomes[i] as { ok: boolean; value?: unknown; error?: unknown };
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  /** Fails the jobs past their deadline and asks again for the lock a little later for the others. */
  private waitForLock(jobs: Job[], error: unknown): void {
    const now = Date.now();
    const waiting = jobs.filter((job) => job.deadline > now);
    for (const job of jobs) if (job.deadline <= now) job.reject(error);
    this.queue = waiting.concat(this.queue);
    if (this.queue.length === 0) {
      this.waitingSinceMs = null;
      return;
    }
    this.waitingSinceMs ??= now;
    const first = Math.min(...this.queue.map((job) => job.deadline));
    this.scheduled = true;
    this.retry = setTimeout(() => this.flush(), Math.max(1, Math.min(LOCK_RETRY_MS, first - now)));
  }

  private runInSavepoint(job: Job): Outcome {
    if (!this.db.inTransaction) return { ok: false, error: new TransactionLost() };
    this.savepoint.run();
    try {
      const value = job.work();
      this.release.run();
      return { ok: true, value };
    } catch (error) {
      // If even the rollback fails, the transaction is gone and flush() fails the whole batch.
      this.quietly(() => {
        if (this.db.inTransaction) {
          this.rollbackTo.run();
          this.release.run();
        }
      });
      return { ok: false, error };
    }
  }

  /** A rollback that fails must not escape setImmediate and take the process down. */
  private quietly(undo: () => unknown): void {
    try {
      undo();
    } catch {
      // The caller reports the original error; this one adds nothing.
    }
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The error of the job that ended the transaction: the first that failed other than for its loss. */
function firstError(outcomes: Outcome[]): unknown {
  for (const o of outcomes) if (!o.ok && !(o.error instanceof TransactionLost)) return o.error;
  return undefined;
}
