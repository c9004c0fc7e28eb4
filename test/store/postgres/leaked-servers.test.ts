import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { startPostgres, withClient, type PostgresServer } from '../../helpers/postgres';
import { reapStaleServers } from '../../helpers/postgres-leases';
import { until } from '../../helpers/until';

/**
 * A test server does not outlive the run that started it, even when that run is killed and its
 * globalTeardown never runs: the next start stops it, and its watchdog does so by itself within
 * seconds. The "run" here is a stand-in owner process killed with SIGKILL.
 */
const owners: ChildProcess[] = [];
const servers: PostgresServer[] = [];
afterAll(async () => {
  for (const o of owners) o.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.destroy()));
});

function owner(): ChildProcess {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  owners.push(child);
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

const answers = (url: string): Promise<boolean> =>
  withClient(url, (c) => c.query('SELECT 1')).then(
    () => true,
    () => false,
  );

/** Processes whose command line names `dir` (a watchdog watching that server). */
function watchdogsOf(dir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8');
        return cmdline.includes('hjr-pg-watchdog') && cmdline.includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

test('the next start stops a server whose owner is gone and removes its folder; a live owner keeps its server', async () => {
  const gone = owner();
  const orphan = await startPostgres({ owner: gone.pid, watchdog: false });
  const live = await startPostgres({ watchdog: false });
  servers.push(orphan, live);
  expect(await answers(orphan.url)).toBe(true);
  await kill(gone);
  expect(await answers(orphan.url)).toBe(true); // nothing stops it by itself without a watchdog

  const next = await startPostgres({ watchdog: false });
  servers.push(next);
  expect(existsSync(orphan.dir)).toBe(false);
  expect(await answers(orphan.url)).toBe(false);
  expect(await answers(live.url)).toBe(true);
  expect(reapStaleServers()).not.toContain(live.dir);
  expect(existsSync(live.dir)).toBe(true);
}, 90_000);

test("the watchdog stops the server within seconds of its owner's death; a server destroyed by its owner takes its watchdog along", async () => {
  const dying = owner();
  const watched = await startPostgres({ owner: dying.pid });
  servers.push(watched);
  expect(watchdogsOf(watched.dir)).toHaveLength(1);
  expect(await answers(watched.url)).toBe(true);
  await kill(dying);
  await until('the watchdog to stop the server and remove its folder', async () => !existsSync(watched.dir) && !(await answers(watched.url)), 20_000);
  await until('the watchdog to end', () => watchdogsOf(watched.dir).length === 0, 5_000);

  const kept = await startPostgres();
  expect(watchdogsOf(kept.dir)).toHaveLength(1);
  await kept.destroy();
  await until('the watchdog to end after destroy()', () => watchdogsOf(kept.dir).length === 0, 5_000);
}, 90_000);
