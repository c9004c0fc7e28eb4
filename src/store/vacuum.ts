import type { Db } from './database';

/**
 * SQLite's incremental vacuum: pages freed by deleted rows are given back to the file system a
 * bounded number at a time (the file shrinks at the next checkpoint), so the file follows its rows
 * instead of keeping its largest size. Needs auto_vacuum=INCREMENTAL (set by openDatabase).
 */
export class IncrementalVacuum {
  private readonly free;

  constructor(private readonly db: Db) {
    this.free = db.prepare('PRAGMA freelist_count').pluck();
  }

  /** Frees up to `pages`; `more`: free pages are left for another pass. */
  run(pages: number): { freed: number; more: boolean } {
    const before = this.free.get() as number;
    if (before === 0) return { freed: 0, more: false };
    this.db.pragma(`incremental_vacuum(${Math.trunc(pages)})`);
    const after = this.free.get() as number;
    return { freed: before - after, more: after > 0 && before - after === pages };
  }
}
