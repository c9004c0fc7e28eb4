import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunningServer } from '../server';
import { SetupError } from './errors';

/** What `serve --ready-file` writes once it listens: the bound URL (the real port for --port 0), the pid, and each tenant's base URL. */
export interface ReadyFile {
  url: string;
  pid: number;
  tenants: Record<string, string>;
}

export function readyFileContent(running: RunningServer): ReadyFile {
  const tenants = Object.fromEntries(running.tenants.list().map((t) => [t.id, t.id === 'default' ? running.url : `${running.url}/t/${t.id}`]));
  return { url: running.url, pid: process.pid, tenants };
}

const cannotWrite = (path: string, err: unknown) =>
  new SetupError(
    `cannot write the ready file ${path}: ${(err as Error).message.replace(/^[A-Z]+: /, '')}; give --ready-file a path in a folder this user can write to`,
  );

/**
 * A file left by an earlier run that was killed would tell a waiting script the receiver is up
 * before it is: removed before listening.
 */
export function removeStaleReadyFile(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch (err) {
    throw cannotWrite(path, err);
  }
}

/** Written to a temporary file beside it, then renamed: a reader sees no file or the whole of it. */
export function writeReadyFile(path: string, content: ReadyFile): void {
  const temporary = `${resolve(path)}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o644 });
    renameSync(temporary, path);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw cannotWrite(path, err);
  }
}

/** Once stopping begins the receiver takes no new connections, so the file goes first. */
export function removeReadyFile(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing to do about it while exiting; the next start removes it.
  }
}
