import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A test server must not outlive the run that started it: a jest run that is killed never runs its
 * globalTeardown. So each server's folder (`<tmpdir>/hjr-pg-*`) holds a lease naming the process
 * that owns it, and
 * - the next start of a test server (any run's) stops every server whose owner is gone, and
 * - a watchdog started with the server (a detached shell, as the server's user) stops it and
 *   removes its folder within a couple of seconds of its owner's death.
 * An owner is told from a later process given its pid by its start time (/proc), where there is one.
 */

/** Where the test servers' folders are made (mkdtemp), and their prefix. */
export const SERVER_DIR_PREFIX = 'hjr-pg-';
const LEASE_FILE = 'lease.json';

export interface Lease {
  ownerPid: number;
  /** The owner's start time (field 22 of /proc/<pid>/stat), or null without /proc. */
  ownerStart: string | null;
  /** pg_ctl of the server's binaries. */
  pgCtl: string;
}

/** The server's user when the tests run as root (PostgreSQL refuses root), else none. */
export const RUN_AS = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

const HAS_PROC = existsSync('/proc/self/stat');

/** A process's start time in clock ticks since boot, or null (no /proc, or no such process). */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "(comm)" (which may hold spaces), start time is the 20th field.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** True while the lease's owner runs (the same process, not a later one given its pid). */
export function ownerAlive(lease: Lease): boolean {
  try {
    process.kill(lease.ownerPid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false; // EPERM: it runs, as another user
  }
  const start = processStart(lease.ownerPid);
  return lease.ownerStart === null || start === null || start === lease.ownerStart;
}

/** Writes the lease of the server in `dir`, owned by `ownerPid`. */
export function writeLease(dir: string, ownerPid: number, pgCtl: string): Lease {
  const lease: Lease = { ownerPid, ownerStart: processStart(ownerPid), pgCtl };
  writeFileSync(join(dir, LEASE_FILE), JSON.stringify(lease));
  return lease;
}

/** Stops the server in `dir` at once (if it was started) and removes the folder (its lease with it). */
function stopAndRemove(dir: string, lease: Lease): void {
  spawnSync(lease.pgCtl, ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore', timeout: 60_000, ...RUN_AS });
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Stops every test server under `parent` whose owner is gone and removes its folder; answers the
 * folders removed. Servers of live owners (a run going on beside this one) are left alone.
 */
export function reapStaleServers(parent = tmpdir()): string[] {
  const reaped: string[] = [];
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(SERVER_DIR_PREFIX)) continue;
    const dir = join(parent, name);
    let lease: Lease;
    try {
      lease = JSON.parse(readFileSync(join(dir, LEASE_FILE), 'utf8')) as Lease;
    } catch {
      continue; // being made (no lease yet), or not ours
    }
    if (ownerAlive(lease)) continue;
    stopAndRemove(dir, lease);
    reaped.push(dir);
  }
  return reaped;
}

/**
 * A detached shell, as the server's user, that checks every second whether the lease's owner still
 * runs; once it does not, it stops the server and removes its folder. It ends by itself when the
 * lease is gone (the owner destroyed the server). Only where /proc tells a process's life.
 */
export function startWatchdog(dir: string, lease: Lease): void {
  if (!HAS_PROC) return;
  const script = `
    owner_alive() { [ -r "/proc/$1/stat" ] && { [ -z "$2" ] || [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20)" = "$2" ]; }; }
    while [ -e "$3/${LEASE_FILE}" ] && owner_alive "$1" "$2"; do sleep 1; done
    [ -e "$3/${LEASE_FILE}" ] || exit 0
    "$4" -D "$3/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$3"`;
  const child = spawn('sh', ['-c', script, 'hjr-pg-watchdog', String(lease.ownerPid), lease.ownerStart ?? '', dir, lease.pgCtl], {
    detached: true,
    stdio: 'ignore',
    ...RUN_AS,
  });
  child.unref();
}
