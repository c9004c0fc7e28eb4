import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { refuseUnwritableFiles, StoreOpenError, storeOpenError } from './open-error';
import { isBusyError } from './sqlite-errors';

export type Db = Database.Database;

/** `migrations/` at the package root, whether running from src/ (tests) or dist/ (the CLI). */
export const MIGRATIONS_DIR = resolve(__dirname, '..', '..', 'migrations');

/**
 * WAL pages between automatic checkpoints (SQLite's default is 1000). An automatic checkpoint runs
 * inside the commit that triggers it: at 1000 pages that was every ~200 logins and set the p99 (8.9 ms
 * in `npm run bench`, consume-10). Since the checkpointer thread (checkpointer.ts) copies the WAL as it
 * grows, this one is the bound and the WAL's restart: it finds little left to copy.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10000;

/**
 * Opens the store: WAL with synchronous=NORMAL (a killed process loses nothing committed; only a
 * power cut may lose the last transactions), a busy timeout so a locked database refuses a login
 * instead of waiting forever, foreign keys on. Then applies pending migrations. Any failure is a
 * StoreOpenError naming the file and what to do about it.
 */
export function openDatabase(path: string, busyTimeoutMs: number): Db {
  refuseUnwritableFiles(path);
  let db: Db | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    db = new Database(path, { timeout: busyTimeoutMs });
    // Before anything writes the header (WAL does): a new file takes the mode only then.
    db.pragma('auto_vacuum = INCREMENTAL');
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma('foreign_keys = ON');
    useIncrementalVacuum(db);
    migrate(db);
    probeWrite(db);
    return db;
  } catch (err) {
    db?.close();
    throw err instanceof StoreOpenError ? err : storeOpenError(path, err);
  }
}

/**
 * auto_vacuum=INCREMENTAL, so housekeeping can give freed pages back (src/store/vacuum.ts). SQLite
 * takes the mode only before the first table exists, or with a VACUUM that rewrites the file: a
 * database made before this setting is rewritten once, here (it takes as long as copying the file).
 */
function useIncrementalVacuum(db: Db): void {
  const INCREMENTAL = 2;
  if (db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return;
  db.pragma('auto_vacuum = INCREMENTAL');
  const tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get() as number;
  if (tables > 0) db.exec('VACUUM');
}

/**
 * A write that changes nothing, so a database this process may read but not write is refused at
 * start rather than at the first login. Another process holding the write lock is no reason to
 * refuse: the store waits for it like for any lock.
 */
function probeWrite(db: Db): void {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    if (isBusyError(err)) return;
    throw err;
  }
  try {
    db.exec('DELETE FROM schema_migrations WHERE 0');
  } finally {
    db.exec('ROLLBACK');
  }
}

/** Applies every `NNN_name.sql` not yet recorded, in order, each in its own transaction. */
export function migrate(db: Db, dir = MIGRATIONS_DIR): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const files = readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: string[] = [];
  for (const file of files) {
    const version = Number.parseInt(file, 10);
    if (applied.has(version)) continue;
    const sql = readFileSync(join(dir, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      record.run(version, file, Date.now());
    })();
    done.push(file);
  }
  return done;
}
