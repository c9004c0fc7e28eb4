import type { StoreHealth } from './contract';
import type { Db } from './database';

type Tables = NonNullable<StoreHealth['tables']>;

/** A count this cheap (a small database) is redone inline for every answer. */
const INLINE_BUDGET_MS = 2;
/** A dearer one is redone after an answer, at most this often... */
const REFRESH_MS = 5_000;
/** ...and its bytes (dbstat reads every page of the file) at most this often. */
const BYTES_REFRESH_MS = 60_000;

/**
 * Rows and bytes per table (indexes counted with their table) for the health route. Bytes come
 * from SQLite's dbstat table when it is compiled in (better-sqlite3 has it), else null. Counting a
 * large database reads all of it, so a health answer never waits for it: a small database is
 * counted fresh, a larger one is answered from the last count (at most REFRESH_MS old) and counted
 * again after the answer.
 */
export class TableStats {
  private last: Tables | null = null;
  private costMs = 0;
  private countedAt = 0;
  private bytes = new Map<string, number>();
  private bytesAt = 0;
  private refreshing = false;
  private readonly hasDbstat: boolean;

  constructor(private readonly db: Db) {
    try {
      db.prepare('SELECT 1 FROM dbstat LIMIT 1').get();
      this.hasDbstat = true;
    } catch {
      this.hasDbstat = false;
    }
  }

  now(): Tables | null {
    if (this.last === null || this.costMs <= INLINE_BUDGET_MS) return this.count();
    if (!this.refreshing && Date.now() - this.countedAt >= REFRESH_MS) {
      this.refreshing = true;
      setImmediate(() => {
        this.refreshing = false;
        this.count();
      });
    }
    return this.last;
  }

  /** Counts now (after housekeeping, and when cheap). A failing count keeps the last one. */
  count(): Tables | null {
    const started = performance.now();
    try {
      const names = this.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
      const cheap = this.costMs <= INLINE_BUDGET_MS;
      if (this.hasDbstat && (cheap || Date.now() - this.bytesAt >= BYTES_REFRESH_MS)) {
        const rows = this.db
          .prepare('SELECT coalesce(s.tbl_name, d.name) AS t, sum(d.pgsize) AS b FROM dbstat d LEFT JOIN sqlite_schema s ON s.name = d.name GROUP BY t')
          .all() as Array<{ t: string; b: number }>;
        this.bytes = new Map(rows.map((r) => [r.t, r.b]));
        this.bytesAt = Date.now();
      }
      const { bytes } = this;
      const tables: Tables = {};
      for (const name of names) {
        const rows = this.db
          .prepare(`SELECT count(*) FROM "${name.replace(/"/g, '""')}"`)
          .pluck()
          .get() as number;
        tables[name] = { rows, bytes: this.hasDbstat ? (bytes.get(name) ?? 0) : null };
      }
      this.last = tables;
    } catch {
      // A database that cannot be read now: health says so by its state; the last count stays.
    }
    this.costMs = performance.now() - started;
    this.countedAt = Date.now();
    return this.last;
  }
}
