import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * Another process holding the database's write lock: a second better-sqlite3 connection in a child
 * process runs BEGIN IMMEDIATE and keeps the transaction open until release() (or `maxMs`, so a
 * failed test never leaves it behind). Resolves once the lock is held.
 */
export interface LockHolder {
  release(): Promise<void>;
}

const SCRIPT = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('held\\n');
const done = () => { try { db.exec('ROLLBACK'); db.close(); } finally { process.exit(0); } };
process.stdin.on('data', done);
process.stdin.on('end', done);
setTimeout(done, Number(process.argv[2]));
`;

export function holdWriteLock(dbPath: string, maxMs = 8000): Promise<LockHolder> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SCRIPT, dbPath, String(maxMs)], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<LockHolder>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before taking the lock`)));
    child.stdout?.once('data', () =>
      resolve({
        async release() {
          child.stdin?.end('release\n');
          await exited;
        },
      }),
    );
  });
}
