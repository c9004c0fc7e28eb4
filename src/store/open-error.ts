import { accessSync, constants, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The database could not be opened, created or migrated. `message` names the file and says what
 * is wrong in a person's terms; `hint` says what to do; `cause` keeps SQLite's or the OS's own error.
 * It is a setup problem, not an outage: the CLI reports it like a config error (exit 2).
 */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';

  constructor(
    readonly path: string,
    readonly reason: string,
    readonly hint: string,
    options: { cause: unknown },
  ) {
    super(`cannot open the database ${path}: ${reason}`, options);
  }
}

const errnoOf = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

const canWrite = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

export const WRITE_ACCESS = 'the receiver writes the file and, beside it, its -wal and -shm files: give it a folder this user can write to';

/**
 * Why opening `path` failed, from the error SQLite or the file system raised and a look at the
 * path itself (SQLite says `unable to open database file` for a folder, a missing permission and a
 * read-only location alike).
 */
export function storeOpenError(path: string, err: unknown): StoreOpenError {
  const code = errnoOf(err);
  const message = (err as Error).message;
  const file = resolve(path);
  const folder = dirname(file);
  const fail = (reason: string, hint: string) => new StoreOpenError(path, reason, hint, { cause: err });

  if (path !== ':memory:' && isDirectory(file)) return fail('it is a folder, not a file', `give a file path, e.g. ${join(path, 'receiver.db')}`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return fail(
      `cannot create its folder ${(err as { path?: string }).path ?? folder} (${code === 'EROFS' ? 'read-only file system' : 'permission denied'})`,
      'choose a location this user can write to',
    );
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') return fail(`a part of ${folder} is a file, not a folder`, 'choose another path');
  if (code === 'SQLITE_NOTADB')
    return fail('the file is not a SQLite database (it was left untouched)', 'give a new file (it is created) or a database this receiver made');
  if (code === 'SQLITE_CORRUPT') return fail(`the file is damaged (${message})`, 'restore it from a copy, or give a new file');
  if (code?.startsWith('SQLITE_READONLY')) {
    const where = code === 'SQLITE_READONLY_DIRECTORY' || !canWrite(folder) ? `the folder ${folder} is read-only` : `the file is read-only`;
    return fail(`${where} (${message})`, WRITE_ACCESS);
  }
  if (code === 'SQLITE_CANTOPEN' && !canWrite(folder))
    return fail(`cannot create ${basename(file)} in ${folder}: the folder is read-only or not this user's`, WRITE_ACCESS);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return fail(`another process holds a lock on it (${message})`, 'stop the other process, or give another file');
  return fail(message, 'check the path and its permissions');
}

/**
 * Refuses, before SQLite opens it, a database whose file, -wal or -shm file exists but cannot be
 * written by this process: SQLite would open the file read-only without a word, and a -shm it may
 * not write is mapped anyway, which ends the process with SIGBUS at the first read beyond its end.
 */
export function refuseUnwritableFiles(path: string): void {
  if (path === ':memory:') return;
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      accessSync(file, constants.F_OK);
    } catch {
      continue; // absent: SQLite creates it (a folder it cannot write to is reported by the open)
    }
    try {
      accessSync(file, constants.W_OK);
    } catch (err) {
      const code = errnoOf(err);
      const why = code === 'EROFS' ? 'read-only file system' : code === 'EPERM' ? "the file is immutable or not this user's" : 'permission denied';
      const which = file === path ? 'the file' : `its ${file.slice(path.length)} file ${file}`;
      throw new StoreOpenError(path, `${which} cannot be written (${why})`, WRITE_ACCESS, { cause: err });
    }
  }
}
