/**
 * `npm run bench`: the receiver's consume routes under load, next to a bare Koa baseline.
 *
 * One accepted-login route per profile at 10 connections (HappyFox, Mojo, Deskpro, Zendesk, Zoho
 * ASAP; bench/scenarios.ts), HappyFox also at 50 connections and with a refused replay. A scenario
 * whose profile the receiver does not register (src/vendors/index.ts) is skipped with a note. In the
 * same run, what a user would write instead (bench/express-server.ts: Express 5 + jsonwebtoken and the
 * same three writes, its secret a string and a KeyObject), the receiver's login over each, and
 * start-up to ready (spawn to health 200) over bare Koa's (bench/startup.ts). Every scenario reports
 * the server's CPU time per response (µs, /proc/<pid>/stat over the measured run).
 *
 * The receiver (`node dist/cli.js serve`), the baseline (bench/baseline-server.ts) and the Express
 * servers run as child processes; the bench drives them with autocannon from this process. Every accepted-login request
 * carries its own token, minted with jose before the run starts (fresh iat, unique jti); Freshdesk simple SSO its own
 * hashed query; DiscourseConnect and Freshworks, whose login the receiver starts, an answer to a nonce (and state) the
 * receiver issued through its own /session/sso or /login just before the run, each redeemed once (bench/credentials.ts;
 * a DiscourseConnect answer carries the cookie of the browser its nonce was issued to). Each
 * scenario has a warm-up run (which also sizes the token supply of the measured run), then the
 * measured run. A scenario where more than 0.1% of the responses had the wrong status (or no
 * response came) is invalid: the bench prints an error and exits 1. Targets are reported, not
 * enforced. The max latency in the progress lines includes connection start-up: a busy Node server
 * accepts one new connection per event-loop turn, so at 50 connections the last ones to connect
 * wait a few hundred ms for their first response (too few requests to move p99).
 *
 * Environment:
 *   BENCH_SECONDS          measured seconds per scenario (default 8)
 *   BENCH_WARMUP_SECONDS   warm-up seconds per scenario (default 2)
 *   BENCH_LOG_LEVEL        the receiver's --log-level (default info, what a user gets)
 *   BENCH_SILENT=0         skip the extra scenario against a receiver at --log-level silent
 *   BENCH_ONLY=a,b         run only these scenario ids (baseline ratios need the baselines); `startup`
 *                          is the start-up measure's id
 *   BENCH_STARTUP_ROUNDS   timed starts of each server for start-up to ready (default 5)
 *   BENCH_CPU_PROF=1       run the receiver under --cpu-prof and print its hot spots at the end, for the main
 *                          thread and for the store's worker thread (each in dist-bench/)
 *                          (the numbers of a profiled run are not comparable; do not use them)
 *   BENCH_TIMEOUT_SECONDS  abort (and clean up) after this long (default 300: about 21 scenarios of ~11 s, start-up, a PostgreSQL)
 *   BENCH_RECEIVER_CLI     the receiver's cli.js to run (default dist/cli.js), for A/B runs of a patch
 *   BENCH_RECEIVER_B_CLI   a second build (e.g. main's dist/cli.js): each receiver scenario is followed at once
 *                          by the same on this build (`<id>@B`, its own database), for an A/B in one run
 *   BENCH_ROUNDS           run the selected scenarios this many times (`<id>#2`..., each round against its own
 *                          baselines, and on new SQLite receivers with new databases; default 1); the targets are
 *                          then judged on the median of the rounds, each round's figure printed beside it (the
 *                          PostgreSQL receivers keep their schema from round to round)
 *   BENCH_HOUSEKEEPING_SECONDS  the receivers' store.housekeepingIntervalSeconds (default theirs, 60): a few seconds puts
 *                          housekeeping passes inside every scenario, as in a flood that lasts minutes (its surplus
 *                          sessions and attempts pruned while logins wait)
 *   BENCH_POSTGRES=0       skip the PostgreSQL store scenarios (consume-pg-10, consume-pg-50, consume-pg2-10, replay-pg-10;
 *                          consume-pg2-10: two replicas on one schema, one autocannon each with half the connections)
 *   HJR_BENCH_PG_URL       the PostgreSQL they use (a schema bench_<pid> there, dropped after); unset, the
 *                          bench starts one as the tests do (Debian's server binaries, a temp folder)
 *
 * Output: the table on stdout and dist-bench/results.json.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem, type as osType, release } from 'node:os';
import { join, resolve } from 'node:path';
import { killAllChildrenNow, sleep, tail, type Child } from './children';
import { MAX_WRONG_FRACTION, runScenario } from './run-scenario';
import { renderSummary, summarise } from './profile-summary';
import { comparisonsTable, DISTURBED_CPU_PERCENT, disturbed, evaluateTargets, resultsTable, roundTagOf, targetsTable, type ScenarioResult } from './report';
import { buildScenarios, interleave, isReceiver, registeredProfiles, TENANTS, type Scenario } from './scenarios';
import { receiverArgs, serversFor, startBaseline, startExpress, startReceiver, writeReceiverConfig, type Servers } from './servers';
import { measureStartup, type StartupResult } from './startup';
import { benchPostgres, type BenchPostgres } from './postgres';

const ROOT = resolve(__dirname, '..', '..');
const OUT_DIR = join(ROOT, 'dist-bench');
/** BENCH_RECEIVER_CLI: another build of the receiver (e.g. a patched copy) to compare with this one. */
const CLI = process.env.BENCH_RECEIVER_CLI ? resolve(process.env.BENCH_RECEIVER_CLI) : join(ROOT, 'dist', 'cli.js');
const PATHS = { cli: CLI, benchDir: __dirname };
const B_CLI = process.env.BENCH_RECEIVER_B_CLI ? resolve(process.env.BENCH_RECEIVER_B_CLI) : null;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got ${JSON.stringify(raw)})`);
  return n;
}

const SECONDS = envNumber('BENCH_SECONDS', 8);
const WARMUP_SECONDS = envNumber('BENCH_WARMUP_SECONDS', 2);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL || 'info';
const WITH_SILENT = process.env.BENCH_SILENT !== '0' && LOG_LEVEL !== 'silent';
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
const TIMEOUT_SECONDS = envNumber('BENCH_TIMEOUT_SECONDS', 300);
const STARTUP_ROUNDS = envNumber('BENCH_STARTUP_ROUNDS', 5);
const ROUNDS = Math.trunc(envNumber('BENCH_ROUNDS', 1));
const WITH_STARTUP = !ONLY || ONLY.has('startup');

// ---- clean-up, whatever happens --------------------------------------------------------------

let workDir: string | undefined;
function cleanUpNow(): void {
  killAllChildrenNow();
  if (workDir) {
    rmSync(workDir, { recursive: true, force: true });
    workDir = undefined;
  }
}
process.on('exit', cleanUpNow);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nbench: ${signal}; stopping the servers and removing ${workDir ?? 'the temp folder'}\n`);
    cleanUpNow();
    process.exit(code);
  });
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** The profiles both builds of an A/B run register (null: unknown, run everything). */
function bothRegister(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (a === null || b === null) return a ?? b;
  return new Set([...a].filter((id) => b.has(id)));
}

/** The thread id in node's profile name `CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile` (0: the main thread). */
function threadOf(file: string): number {
  return Number(file.split('.').at(-3) ?? 0);
}

const SCENARIOS = buildScenarios(WITH_SILENT, process.env.BENCH_POSTGRES !== '0');

/** Spawn to health 200, the receiver (as a user starts it, on the bench's tenants) and bare Koa, interleaved. */
async function startupToReady(dir: string, registered: Set<string> | null): Promise<StartupResult[]> {
  const configPath = writeReceiverConfig(dir, 'startup', registered);
  const db = join(dir, 'startup.db');
  const results = await measureStartup(
    [
      { name: 'baseline', args: (port) => [join(PATHS.benchDir, 'baseline-server.js'), '--port', String(port)] },
      { name: 'receiver', args: (port) => receiverArgs(CLI, configPath, db, LOG_LEVEL, String(port)) },
    ],
    dir,
    STARTUP_ROUNDS,
  );
  for (const r of results)
    log(`  start-up to health 200, ${r.name}: median ${r.medianMs.toFixed(0)} ms (${r.samplesMs.map((ms) => ms.toFixed(0)).join(', ')})`);
  return results;
}

// ---- main ------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: still running after ${TIMEOUT_SECONDS} s; aborting\n`);
    cleanUpNow();
    process.exit(2);
  }, TIMEOUT_SECONDS * 1000);
  watchdog.unref();

  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  if (B_CLI && !existsSync(B_CLI)) throw new Error(`${B_CLI} (BENCH_RECEIVER_B_CLI) is missing`);
  const picked = SCENARIOS.filter((s) => !ONLY || ONLY.has(s.id));
  if (picked.length === 0 && !WITH_STARTUP) throw new Error(`BENCH_ONLY matches no scenario (known: ${SCENARIOS.map((s) => s.id).join(', ')})`);
  const chosen = interleave(picked, ROUNDS, B_CLI !== null);
  // A profile still being written is not in the receiver's config (it would refuse the whole file); with a B build, both must have it.
  const registered = bothRegister(registeredProfiles(CLI), B_CLI ? registeredProfiles(B_CLI) : null);
  const unregistered = (s: Scenario): boolean => isReceiver(s.server) && registered !== null && !registered.has(TENANTS[s.vendor].profile);
  const skipped = chosen.filter(unregistered);
  const selected = chosen.filter((s) => !unregistered(s));

  const cpuList = cpus();
  log(
    `helpdesk-jwt-receiver bench: node ${process.version}, ${osType()} ${release()}, ${cpuList.length} CPU(s) ${cpuList[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  );
  if (process.env.BENCH_RECEIVER_CLI || B_CLI) log(`  receiver: ${CLI}`);
  if (B_CLI) log(`  receiver B (the @B rows): ${B_CLI}`);
  log(
    `  ${WARMUP_SECONDS} s warm-up + ${SECONDS} s measured per scenario; receiver log level ${LOG_LEVEL}${CPU_PROF ? '; CPU PROFILING ON (numbers not comparable)' : ''}`,
  );
  if (registered === null) log(`  note: could not read the profiles of ${CLI}; running every scenario`);
  for (const s of skipped) {
    log(
      `  note: skipping ${s.id}: the receiver registers no '${TENANTS[s.vendor].profile}' profile (it has ${[...(registered ?? [])].join(', ')}; src/vendors/index.ts)`,
    );
  }
  if (selected.length === 0 && !WITH_STARTUP) throw new Error('every selected scenario was skipped: nothing to run');

  workDir = mkdtempSync(join(tmpdir(), 'hjr-bench-'));
  mkdirSync(OUT_DIR, { recursive: true });
  const profileDir = CPU_PROF ? join(workDir, 'cpu-prof') : undefined;
  const servers: Servers = {};
  const results: ScenarioResult[] = [];
  const baselines = new Map<string, number>();
  const started = Date.now();
  let profileText: string | null = null;
  let startup: StartupResult[] = [];
  let postgres: BenchPostgres | undefined;

  try {
    if (WITH_STARTUP) startup = await startupToReady(workDir, registered);
    const dir = workDir;
    const started = async (child: Child): Promise<Child> => {
      log(`  ${child.name}: pid ${child.pid}, ${child.url}`);
      return child;
    };
    if (selected.some((s) => s.server === 'baseline')) servers.baseline = await started(await startBaseline(PATHS, dir));
    /**
     * The SQLite receivers of a round, each on a new database (`<name><suffix>.db`). A round run on
     * the previous round's receivers paid for its floods: ~1M logins over their bounds, whose rows
     * housekeeping removed while the next round measured (CPU per login 131 -> 249-254 µs, p99 at
     * 10 connections 3.9 -> 20-26 ms, and bare Koa beside them 53k -> 32-36k req/s).
     */
    const freshReceivers = async (suffix: string): Promise<void> => {
      for (const kind of ['receiver', 'b', 'silent'] as const) {
        const old = servers[kind];
        servers[kind] = undefined;
        const code = await old?.stop();
        if (old && code !== 0) log(`  ${old.name} exited with code ${code}${tail(old.stderrPath) ? `:\n${tail(old.stderrPath)}` : ''}`);
      }
      if (selected.some((s) => s.server === 'receiver')) {
        // Profiled in the first round only: one profile per thread, as the summary expects.
        servers.receiver = await started(await startReceiver(PATHS, `receiver${suffix}`, LOG_LEVEL, dir, registered, suffix ? undefined : profileDir));
        log(`    log level ${LOG_LEVEL}, database ${join(dir, `receiver${suffix}.db`)}`);
      }
      if (B_CLI && selected.some((s) => s.server === 'receiver-b')) {
        servers.b = await started(await startReceiver({ ...PATHS, cli: B_CLI }, `receiver-b${suffix}`, LOG_LEVEL, dir, registered));
        log(`    log level ${LOG_LEVEL}, database ${join(dir, `receiver-b${suffix}.db`)}`);
      }
    };
    let round = '';
    await freshReceivers(round);
    if (selected.some((s) => s.server === 'receiver-pg' || s.server === 'receiver-pg2')) {
      postgres = await benchPostgres();
      servers.pg = await started(await startReceiver(PATHS, 'receiver-pg', LOG_LEVEL, dir, registered, undefined, postgres.url));
      log(`    log level ${LOG_LEVEL}, database ${postgres.shown}`);
    }
    if (selected.some((s) => s.server === 'receiver-pg2')) {
      servers.pgB = await started(await startReceiver(PATHS, 'receiver-pg-b', LOG_LEVEL, dir, registered, undefined, postgres!.url));
      log(`    second replica on the same schema`);
    }
    for (const scenario of selected) {
      const tag = roundTagOf(scenario.id);
      const suffix = tag ? `-r${tag.slice(1)}` : '';
      if (tag !== round) {
        round = tag;
        log(`  round ${tag.slice(1)}: new receivers, each on a new database`);
        await freshReceivers(suffix);
      }
      if (scenario.server === 'receiver-silent' && !servers.silent)
        servers.silent = await started(await startReceiver(PATHS, `receiver-silent${suffix}`, 'silent', dir, registered));
      if ((scenario.server === 'express-string' || scenario.server === 'express-keyobject') && !servers[scenario.server]) {
        servers[scenario.server] = await started(await startExpress(PATHS, scenario.server, dir));
      }
      results.push(await runScenario(scenario, serversFor(servers, scenario.server), baselines, { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, log }));
      const wal = join(workDir, `receiver${suffix}.db-wal`);
      if (scenario.server === 'receiver' && !existsSync(wal)) throw new Error(`the receiver's database has no WAL file (${wal}): is journal_mode WAL?`);
      await sleep(200); // let the closed connections drain before the next run
    }

    for (const server of Object.values(servers) as Child[]) {
      if (!server) continue;
      const code = await server.stop();
      if (code !== 0) log(`  ${server.name} exited with code ${code}${tail(server.stderrPath) ? `:\n${tail(server.stderrPath)}` : ''}`);
    }
    if (profileDir && existsSync(profileDir)) {
      // One file per thread (CPU.<date>.<pid>.<thread>.<seq>.cpuprofile): the server's (thread 0), then the store's worker.
      const files = readdirSync(profileDir)
        .filter((f) => f.endsWith('.cpuprofile'))
        .sort((a, b) => threadOf(a) - threadOf(b));
      const texts = files.map((file, i) => {
        const name = i === 0 ? 'receiver.cpuprofile' : `receiver-thread-${threadOf(file)}.cpuprofile`;
        const kept = join(OUT_DIR, name);
        copyFileSync(join(profileDir, file), kept);
        const thread = i === 0 ? 'main thread' : `worker thread ${threadOf(file)} (the store's)`;
        return `${thread}\n${renderSummary(summarise(JSON.parse(readFileSync(kept, 'utf8')), 25))}\n(profile kept in ${kept})`;
      });
      if (texts.length > 0) profileText = texts.join('\n\n');
    }
  } finally {
    cleanUpNow();
    await postgres?.done().catch((err: unknown) => log(`  could not remove the bench's PostgreSQL schema or server: ${String(err)}`));
  }

  const targets = evaluateTargets(results, startup);
  const invalid = results.filter((r) => !r.valid);
  log('');
  log(resultsTable(results));
  log('');
  log('req/s: responses / measured seconds; p50/p99: per-response latency seen by autocannon; x baseline: req/s over the');
  log('baseline at the same connection count; RSS/peak: the server process after its run (VmRSS/VmHWM); srv CPU%: its CPU time');
  log("during the run in % of one core; CPU µs/resp: that time over the responses; main thread: the part of it on the server's");
  log("main thread (HTTP, verification, the hand-over to the store), the rest being on the store's threads and V8's;");
  log('other CPU%: CPU used meanwhile by processes outside the bench (plus steal), in % of');
  log(`one core; "!" above ${DISTURBED_CPU_PERCENT}%: disturbed, run again on a quiet machine. statuses: every response of the measured run;`);
  log('non-2xx/3xx: responses outside 2xx/3xx (expected for the replay); wrong: status other than the expected one.');
  const noisy = results.filter((r) => disturbed(r.measured));
  const short = results.filter((r) => r.measured.ranOut);
  if (short.length > 0) log(`WARNING: ${short.map((r) => r.id).join(', ')} ran out of pre-minted tokens before ${SECONDS} s.`);
  if (noisy.length > 0) log(`WARNING: other processes used the CPU during ${noisy.map((r) => r.id).join(', ')}: those numbers understate the servers.`);
  if (skipped.length > 0) log(`SKIPPED: ${skipped.map((s) => `${s.id} (profile '${TENANTS[s.vendor].profile}' not registered)`).join(', ')}.`);
  log('');
  log(comparisonsTable(results, startup));
  log('');
  log(targetsTable(targets));
  log('');
  log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const json = {
    startedAt: new Date(started).toISOString(),
    node: process.version,
    os: `${osType()} ${release()}`,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? null,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    logLevel: LOG_LEVEL,
    cpuProfiled: CPU_PROF,
    valid: invalid.length === 0,
    disturbed: results.filter((r) => disturbed(r.measured)).map((r) => r.id),
    skipped: skipped.map((s) => ({ id: s.id, profile: TENANTS[s.vendor].profile, reason: 'profile not registered' })),
    results,
    startup,
    targets,
  };
  const resultsPath = join(OUT_DIR, 'results.json');
  writeFileSync(resultsPath, `${JSON.stringify(json, null, 2)}\n`);
  log(`results written to ${resultsPath}`);
  if (profileText) log(`\nreceiver CPU profile\n${profileText}`);

  if (invalid.length > 0) {
    process.stderr.write(
      `\nbench: INVALID: ${invalid.map((r) => `${r.id} (${(r.wrongFraction * 100).toFixed(2)}% wrong)`).join(', ')}: more than ${MAX_WRONG_FRACTION * 100}% of the responses had the wrong status; the numbers above do not measure the intended path\n`,
    );
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    cleanUpNow();
    process.exitCode = 1;
  },
);
