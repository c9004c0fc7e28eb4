import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STACK_FRAME, UNPRIVILEGED, assertBuilt, cleanup, closedPort, runCli, tempDir, type CliRun } from './harness';

jest.setTimeout(30_000);
beforeAll(assertBuilt);
afterEach(cleanup);

const WHERE = '; the database is set by --db, HJR_DB or server.db in the config file';
const WRITE_ACCESS = 'the receiver writes the file and, beside it, its -wal and -shm files: give it a folder this user can write to';

/** serve and migrate report a database they cannot open the same way: one message naming the file, exit 2. */
const COMMANDS = {
  serve: (db: string) => ['serve', '--port', '0', '--log-level', 'silent', '--db', db],
  migrate: (db: string) => ['migrate', '--db', db],
} as const;

function expectStoreError(run: CliRun, db: string, reason: string, hint: string): void {
  expect(run.signal).toBeNull();
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`error: cannot open the database ${db}: ${reason}\n  ${hint}${WHERE}\n`);
  expect(run.stderr).not.toMatch(STACK_FRAME);
}

/** A temp folder the unprivileged child may enter and write in (mkdtemp makes it 0700 for the tests' user). */
function sharedDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o777);
  return dir;
}

/** `name` inside `dir`, a folder nobody but root may write to (0555), its mode restored by `restore`. */
function readOnlyFolder(dir: string, name: string): { path: string; restore: () => void } {
  const path = join(dir, name);
  mkdirSync(path);
  chmodSync(path, 0o555);
  return { path, restore: () => chmodSync(path, 0o755) };
}

describe.each(Object.keys(COMMANDS) as Array<keyof typeof COMMANDS>)('%s: a database that cannot be opened', (command) => {
  const args = COMMANDS[command];

  test('a folder given as --db', async () => {
    const dir = tempDir();
    const run = await runCli(args(dir), { cwd: dir });
    expectStoreError(run, dir, 'it is a folder, not a file', `give a file path, e.g. ${join(dir, 'receiver.db')}`);
  });

  test('a file that is not a SQLite database is named and left untouched', async () => {
    const dir = tempDir();
    const db = join(dir, 'notes.txt');
    const content = 'these are my notes, not a database\n'.repeat(10);
    writeFileSync(db, content);
    const run = await runCli(args(db), { cwd: dir });
    expectStoreError(run, db, 'the file is not a SQLite database (it was left untouched)', 'give a new file (it is created) or a database this receiver made');
    expect(readFileSync(db, 'utf8')).toBe(content);
  });

  test('a path through a file (a part of the folder path is not a folder)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain'), 'x');
    const db = join(dir, 'plain', 'r.db');
    const run = await runCli(args(db), { cwd: dir });
    expectStoreError(run, db, `a part of ${join(dir, 'plain')} is a file, not a folder`, 'choose another path');
  });

  test('no permission to create the folder', async () => {
    const dir = sharedDir();
    const locked = readOnlyFolder(dir, 'locked');
    try {
      const db = join(locked.path, 'sub', 'r.db');
      const run = await runCli(args(db), { cwd: dir, as: UNPRIVILEGED });
      expectStoreError(run, db, `cannot create its folder ${join(locked.path, 'sub')} (permission denied)`, 'choose a location this user can write to');
    } finally {
      locked.restore();
    }
  });

  test('a read-only folder: the file cannot be created', async () => {
    const dir = sharedDir();
    const locked = readOnlyFolder(dir, 'locked');
    try {
      const db = join(locked.path, 'r.db');
      const run = await runCli(args(db), { cwd: dir, as: UNPRIVILEGED });
      expectStoreError(run, db, `cannot create r.db in ${locked.path}: the folder is read-only or not this user's`, WRITE_ACCESS);
    } finally {
      locked.restore();
    }
  });

  test('a writable file in a read-only folder: its -wal file cannot be created', async () => {
    const dir = sharedDir();
    const made = join(dir, 'made.db');
    expect((await runCli(['migrate', '--db', made], { cwd: dir })).code).toBe(0);
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    const db = join(locked, 'r.db');
    copyFileSync(made, db);
    chmodSync(db, 0o666);
    chmodSync(locked, 0o555);
    try {
      const run = await runCli(args(db), { cwd: dir, as: UNPRIVILEGED });
      expectStoreError(run, db, `the folder ${locked} is read-only (attempt to write a readonly database)`, WRITE_ACCESS);
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});

describe('serve: a database file this user may read but not write', () => {
  /** A migrated database in a folder the child may write to, the file itself read-only to the child. */
  async function readOnlyFile(): Promise<{ dir: string; db: string }> {
    const dir = sharedDir();
    const db = join(dir, 'r.db');
    expect((await runCli(['migrate', '--db', db], { cwd: dir })).code).toBe(0);
    chmodSync(db, 0o444);
    return { dir, db };
  }

  test('with a secret to generate: exit 2 naming the file', async () => {
    const { dir, db } = await readOnlyFile();
    const run = await runCli(COMMANDS.serve(db), { cwd: dir, as: UNPRIVILEGED });
    expectStoreError(run, db, 'the file cannot be written (permission denied)', WRITE_ACCESS);
  });

  test('with --secret (nothing to write at start-up): still refused at start, exit 2 naming the file', async () => {
    const { dir, db } = await readOnlyFile();
    const run = await runCli([...COMMANDS.serve(db), '--secret', 'ro-secret-0123456789abcdef'], { cwd: dir, as: UNPRIVILEGED });
    expectStoreError(run, db, 'the file cannot be written (permission denied)', WRITE_ACCESS);
  });

  test('a -shm file it cannot write (SQLite would map it and die of SIGBUS): exit 2 naming the -shm file', async () => {
    const dir = sharedDir();
    const db = join(dir, 'r.db');
    expect((await runCli(['migrate', '--db', db], { cwd: dir })).code).toBe(0);
    chmodSync(db, 0o666); // the file itself is writable: only its companion is not
    writeFileSync(`${db}-shm`, '');
    chmodSync(`${db}-shm`, 0o444);
    const run = await runCli([...COMMANDS.serve(db), '--secret', 'shm-secret-0123456789abcdef'], { cwd: dir, as: UNPRIVILEGED });
    expectStoreError(run, db, `its -shm file ${db}-shm cannot be written (permission denied)`, WRITE_ACCESS);
  });

  test('a -wal file it cannot write: exit 2 naming the -wal file', async () => {
    const dir = sharedDir();
    const db = join(dir, 'r.db');
    expect((await runCli(['migrate', '--db', db], { cwd: dir })).code).toBe(0);
    chmodSync(db, 0o666); // the file itself is writable: only its companion is not
    writeFileSync(`${db}-wal`, '');
    chmodSync(`${db}-wal`, 0o444);
    const run = await runCli(COMMANDS.serve(db), { cwd: dir, as: UNPRIVILEGED });
    expectStoreError(run, db, `its -wal file ${db}-wal cannot be written (permission denied)`, WRITE_ACCESS);
  });
});

describe('serve: a PostgreSQL URL the launcher could not see', () => {
  // The launcher starts a SQLite worker ahead of the config (src/cli/prestart-store.ts); a config file naming PostgreSQL stops it unused.
  test('named in the config file: that URL is reported (no password), exit 2, and no SQLite file is made', async () => {
    const dir = tempDir();
    const port = await closedPort();
    const config = join(dir, 'pg.json');
    writeFileSync(config, JSON.stringify({ server: { db: `postgres://u:pw@127.0.0.1:${port}/x` } }));
    const run = await runCli(['serve', '--config', config, '--port', '0', '--log-level', 'silent'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: cannot open the database postgres://u@127.0.0.1:${port}/x?schema=helpdesk_jwt_receiver: connect ECONNREFUSED 127.0.0.1:${port}\n` +
        `  check the URL, that the server runs and that this role may create the schema${WHERE}\n`,
    );
    expect(readdirSync(dir)).toEqual(['pg.json']);
  });
});
