/**
 * `node dist-bench/bench/store-cpu.js <dist> [<dist> ...]`: the SQLite store's CPU per login alone,
 * without HTTP, for A/B runs of a store patch. `npm run bench` measures the whole server, whose
 * figure moves by ±10 µs between runs on a shared machine; a store change worth 1-3 µs is lost in
 * it. Here each build's store (its worker thread included) takes the same logins, 10 in flight
 * like consume-10, and the process's CPU time over the logins is the figure. The builds are run in
 * turn, ROUNDS times each (interleaved, so a busy neighbour hits all of them alike), and the
 * median is printed.
 *
 * The login is HappyFox-shaped: 12 checks (~2.2 KB of JSON), a replay key, a new session, one of
 * 50 returning users.
 *
 * Environment: STORE_CPU_LOGINS (measured logins per run, default 20000), STORE_CPU_ROUNDS (default 5),
 * STORE_CPU_IN_FLIGHT (logins in flight, default 10). In flight bounds how many logins one commit
 * can hold: the same build measured 187 µs a login at 1, 120 at 2, 85 at 5, 80 at 10 and 64 at 30.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ReceiverStore } from '../src/store';
import { median } from './report';
import type { LoginInput } from '../src/store/types';

const LOGINS = Number(process.env.STORE_CPU_LOGINS ?? 20000);
const ROUNDS = Number(process.env.STORE_CPU_ROUNDS ?? 5);
const IN_FLIGHT = Number(process.env.STORE_CPU_IN_FLIGHT ?? 10);
const WARM_UP = 3000;

const checks = Array.from({ length: 12 }, (_, i) => ({
  name: `check_${i}`,
  status: 'pass' as const,
  message: `The token's claim number ${i} was accepted: it is within the window of 300 seconds the vendor allows`,
  claim: 'iat',
  actual: 1_700_000_000 + i,
  limit: 300,
  unit: 's' as const,
}));

function loginInput(i: number, newSessionId: (nowMs: number) => string): LoginInput {
  const email = `user${i % 50}@example.com`;
  const identity = { key: email, email, name: 'Alice Example', firstName: null, lastName: null, externalId: null, attributes: null };
  const jti = randomBytes(12).toString('base64url');
  return {
    tenant: 'happyfox',
    atMs: Date.now(),
    route: '/happyfox/sso',
    verdict: {
      accepted: true,
      code: null,
      message: null,
      checks,
      header: { alg: 'HS256', typ: 'JWT' },
      claims: { iat: Math.floor(Date.now() / 1000), jti, email, name: identity.name },
      identity,
      replay: { kind: 'jti', key: `jti:${jti}`, keepUntilMs: Date.now() + 600_000 },
      secretIndex: 0,
    },
    clientIp: '127.0.0.1',
    referer: null,
    identity,
    sessionId: newSessionId(Date.now()),
    sessionTtlMs: 8 * 3600_000,
  };
}

/** `count` logins, IN_FLIGHT at a time; each must be accepted. */
async function drive(store: ReceiverStore, newSessionId: (nowMs: number) => string, first: number, count: number): Promise<void> {
  let next = first;
  const end = first + count;
  const lane = async (): Promise<void> => {
    while (next < end) {
      const outcome = await store.login(loginInput(next++, newSessionId));
      if (!outcome.ok) throw new Error('a fresh key was refused');
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
}

/** One run in this process: the store of `dist`, its CPU µs per login printed as the last line. */
async function measure(dist: string): Promise<void> {
  // The build under test, not this bench's own copy of src/ (an A/B compares two builds).
  const { openStore } = (await import(join(dist, 'store', 'index.js'))) as typeof import('../src/store');
  // Session ids as that build's server makes them: their form decides where a session's key goes in the table.
  const { newSessionId } = (await import(join(dist, 'http', 'session-id.js'))) as typeof import('../src/http/session-id');
  const dir = mkdtempSync(join(tmpdir(), 'hjr-store-cpu-'));
  const store = await openStore(join(dir, 'store.db'), { busyTimeoutMs: 2000, attemptsPerTenant: 1_000_000 });
  try {
    await drive(store, newSessionId, 0, WARM_UP);
    const before = process.cpuUsage();
    await drive(store, newSessionId, WARM_UP, LOGINS);
    const used = process.cpuUsage(before);
    console.log(((used.user + used.system) / LOGINS).toFixed(1));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function compare(dists: string[]): void {
  const figures = new Map<string, number[]>(dists.map((d) => [d, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const dist of dists) {
      const run = spawnSync(process.execPath, [__filename, '--one', dist], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${dist}: ${run.stderr}`);
      const value = Number(run.stdout.trim().split('\n').pop());
      figures.get(dist)?.push(value);
      console.log(`round ${round}  ${dist}  ${value} µs/login`);
    }
  }
  for (const [dist, values] of figures) console.log(`median  ${dist}  ${median(values).toFixed(1)} µs/login (${values.join(', ')})`);
}

const args = process.argv.slice(2);
if (args[0] === '--one' && args[1]) {
  measure(resolve(args[1])).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  compare((args.length > 0 ? args : ['dist']).map((d) => resolve(d)));
}
