import type { Db } from './database';

/** SQLite ended the batch's transaction on its own (after SQLITE_FULL, an I/O error, ...). */
export class TransactionLost extends Error {
  constructor() {
    super('SQLite rolled the transaction back');
  }
}

interface Job {
  work: () => unknown;
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

  constructor(private readonly db: Db) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT job');
    this.release = db.prepare('RELEASE job');
    this.rollbackTo = db.prepare('ROLLBACK TO job');
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
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
    if (jobs.length === 0) return;
    try {
      this.begin.run();
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    const outcomes = jobs.map((job) => this.runInSavepoint(job));
    try {
      if (!this.db.inTransaction) throw new TransactionLost();
      this.commit.run();
    } catch (error) {
      this.quietly(() => this.db.inTransaction && this.rollback.run());
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i] as { ok: boolean; value?: unknown; error?: unknown };
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  private runInSavepoint(job: Job): { ok: true; value: unknown } | { ok: false; error: unknown } {
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
