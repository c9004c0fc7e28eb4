import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { reapStaleServers, RUN_AS, SERVER_DIR_PREFIX, startWatchdog, writeLease } from './postgres-leases';

/**
 * A real PostgreSQL for the tests: Debian's server binaries (initdb, pg_ctl) run into a temp folder,
 * listening on 127.0.0.1 at a free port, with a password (so a test can show it is never printed).
 * The server refuses to run as root, so as root it runs as `nobody`. `HJR_TEST_PG_URL` points the
 * tests at a server of one's own instead. No server, no pass: a suite that needs one fails with
 * how to get one (never skips).
 */

/** How to get a server, said by every failure to start one. */
export const HOW_TO_GET_POSTGRES =
  "the PostgreSQL tests need a server: install Debian's server binaries (`apt-get install postgresql`, which provides /usr/lib/postgresql/*/bin/initdb; .ci/run does it), point HJR_TEST_PG_BIN at a folder holding initdb and pg_ctl, or set HJR_TEST_PG_URL=postgres://user:password@host:port/db to a server where that user may CREATE SCHEMA and CREATE ROLE";

/** Set by the jest globalSetup: the URL of the run's shared server, or why none could be started. */
export const SHARED_URL_ENV = 'HJR_TEST_PG_SHARED_URL';
export const SHARED_ERROR_ENV = 'HJR_TEST_PG_ERROR';

/** The folder holding initdb and pg_ctl: HJR_TEST_PG_BIN, else the newest /usr/lib/postgresql/N/bin, else pg_config's. */
export function findPostgresBin(): string {
  const candidates: string[] = [];
  if (process.env.HJR_TEST_PG_BIN) candidates.push(process.env.HJR_TEST_PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) throw new Error(`no PostgreSQL server binaries found (looked in ${candidates.join(', ') || 'nothing'}): ${HOW_TO_GET_POSTGRES}`);
  return found;
}

/** A TCP port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Runs a server binary as the server's user; resolves with its output, rejects with it on failure. */
function runAsServerUser(bin: string, args: string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...RUN_AS, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${bin} ${args.join(' ')} exited ${code}: ${output.trim()}`));
    });
  });
}

/** A server this process started: its URL, and the means to stop it (a fault) and start it again. */
export interface PostgresServer {
  /** postgres://hjr:<password>@127.0.0.1:<port>/<database> */
  readonly url: string;
  readonly port: number;
  readonly password: string;
  /** Its folder (data, log, lease). */
  readonly dir: string;
  /** The URL of another role or database on this server. */
  urlFor(user: string, password: string, database?: string): string;
  /** Stops the server: `immediate` is a crash (no shutdown checkpoint, connections cut). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

export interface StartOptions {
  /** Connections the server accepts (the pool tests need a few more than the default 100 leaves). */
  maxConnections?: number;
  /** The process whose end ends the server (test/helpers/postgres-leases.ts); default this one. */
  owner?: number;
  /** false: no watchdog (the next start's clean-up alone stops it once its owner is gone). */
  watchdog?: boolean;
}

/**
 * initdb into a fresh temp folder owned by the server's user, then start the server on a free
 * port. fsync and full-page writes are off: a test server's data need not survive a power cut (an
 * OS crash), and it runs many times faster on a shared machine. A commit is still written to the
 * WAL before it is acknowledged (synchronous_commit stays on), so a server killed mid-run (pg_ctl
 * stop -m immediate) keeps every commit it acknowledged, as a production server does. The database `hjr` is created for the tests.
 */
export async function startPostgres(options: StartOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  // Servers of runs that were killed (no teardown ran) go first; then this one is leased to its owner.
  reapStaleServers();
  const dir = mkdtempSync(join(tmpdir(), SERVER_DIR_PREFIX));
  const password = randomBytes(18).toString('base64url');
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (RUN_AS) {
    chownSync(dir, RUN_AS.uid, RUN_AS.gid);
    chownSync(pwfile, RUN_AS.uid, RUN_AS.gid);
  }
  chmodSync(dir, 0o700);
  const lease = writeLease(dir, options.owner ?? process.pid, join(bin, 'pg_ctl'));
  if (options.watchdog !== false) startWatchdog(dir, lease);
  await runAsServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'hjr',
    `--pwfile=${pwfile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '-N',
  ]);
  rmSync(pwfile);

  let port = 0;
  const settings = () =>
    [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      `-c max_connections=${options.maxConnections ?? 150}`,
      '-c fsync=off',
      '-c full_page_writes=off',
    ].join(' ');
  const pgCtl = (args: string[]) => runAsServerUser(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = async () => {
    await pgCtl(['-o', settings(), '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  };
  // A port found free can be taken before the server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (err) {
      if (attempt >= 3) throw new Error(`${(err as Error).message}\n${readLog(dir)}`, { cause: err });
    }
  }
  const urlFor = (user: string, pw: string, database = 'hjr') =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(pw)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  await withClient(urlFor('hjr', password, 'postgres'), (c) => c.query('CREATE DATABASE hjr'));

  let running = true;
  const server: PostgresServer = {
    get url() {
      return urlFor('hjr', password);
    },
    port,
    password,
    dir,
    urlFor,
    async stop(mode = 'fast') {
      if (!running) return;
      await pgCtl(['-m', mode, '-w', 'stop']);
      running = false;
    },
    async start() {
      if (running) return;
      await start();
      running = true;
    },
    async destroy() {
      await server.stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000);
  } catch {
    return '';
  }
}

/** Runs `work` on a client of its own, closed after. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The URL of the run's server: HJR_TEST_PG_URL, else the one the jest globalSetup started. Throws
 * (the suite fails) with how to get one when there is none.
 */
export function testPostgresUrl(): string {
  const url = process.env.HJR_TEST_PG_URL || process.env[SHARED_URL_ENV];
  if (url) return url;
  const why = process.env[SHARED_ERROR_ENV] ?? 'the jest globalSetup (test/helpers/postgres-setup.ts) did not run';
  throw new Error(`no PostgreSQL server for this suite (${why}): ${HOW_TO_GET_POSTGRES}`);
}

/**
 * A schema of the suite's own (`t_<pid>_<random>`), so suites running in parallel on one server
 * share no table, and its removal. The store creates it when it migrates.
 */
export function suiteSchema(): { schema: string; drop(url?: string): Promise<void> } {
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    schema,
    drop: (url = testPostgresUrl()) => withClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}
