/**
 * The servers the bench drives, each a child process (bench/children.ts): the receiver (its build
 * under test, `BENCH_RECEIVER_CLI` for another), the bare Koa baseline, and the Express +
 * jsonwebtoken login a user would write instead, with its secret as a string and as a KeyObject.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startChild, tail, type Child } from './children';
import { receiverConfig, TENANTS, type ExpressKind, type ServerKind } from './scenarios';

export interface Servers {
  baseline?: Child;
  receiver?: Child;
  /** The B build of an A/B run (BENCH_RECEIVER_B_CLI). */
  b?: Child;
  silent?: Child;
  /** The receiver on a PostgreSQL store (bench/postgres.ts). */
  pg?: Child;
  /** A second replica on the same schema (the `receiver-pg2` scenarios use both). */
  pgB?: Child;
  'express-string'?: Child;
  'express-keyobject'?: Child;
}

export interface ServerPaths {
  /** The receiver's cli.js. */
  cli: string;
  /** The compiled bench folder (baseline-server.js, express-server.js). */
  benchDir: string;
}

/** The receiver's config file: one tenant per registered profile (bench/scenarios.ts). */
export function writeReceiverConfig(dir: string, name: string, registered: Set<string> | null): string {
  const configPath = join(dir, `${name}.config.json`);
  const housekeeping = Number(process.env.BENCH_HOUSEKEEPING_SECONDS ?? 0);
  writeFileSync(configPath, JSON.stringify(receiverConfig(registered, housekeeping), null, 2));
  return configPath;
}

/** `node <cli> serve` with the bench's tenants; its database is `<dir>/<name>.db`. */
export function receiverArgs(cli: string, configPath: string, db: string, logLevel: string, port = '0'): string[] {
  return [cli, 'serve', '--config', configPath, '--port', port, '--db', db, '--secret', TENANTS.happyfox.secret, '--log-level', logLevel];
}

export async function startReceiver(
  paths: ServerPaths,
  name: string,
  logLevel: string,
  dir: string,
  registered: Set<string> | null,
  profileDir?: string,
  /** A postgres:// URL instead of `<dir>/<name>.db`. */
  dbUrl?: string,
): Promise<Child> {
  // The default HappyFox tenant at /, the others at /t/<id>/, each with its own secret (bench/scenarios.ts).
  const configPath = writeReceiverConfig(dir, name, registered);
  const db = dbUrl ?? join(dir, `${name}.db`);
  const nodeFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return startChild({
    name,
    args: [...nodeFlags, ...receiverArgs(paths.cli, configPath, db, logLevel)],
    stdoutPath: join(dir, `${name}.stdout.log`),
    stderrPath: join(dir, `${name}.stderr.log`),
    urlPattern: /listening on (http:\/\/\S+)/,
    cwd: dir,
  });
}

export function startBaseline(paths: ServerPaths, dir: string): Promise<Child> {
  return startChild({
    name: 'baseline',
    args: [join(paths.benchDir, 'baseline-server.js'), '--port', '0'],
    stdoutPath: join(dir, 'baseline.stdout.log'),
    stderrPath: join(dir, 'baseline.stderr.log'),
    urlPattern: /listening on (http:\/\/\S+)/,
    cwd: dir,
  });
}

/** Express + jsonwebtoken on the default tenant's HappyFox secret, with its own database. */
export function startExpress(paths: ServerPaths, kind: ExpressKind, dir: string): Promise<Child> {
  const key = kind === 'express-string' ? 'string' : 'keyobject';
  return startChild({
    name: kind,
    args: [join(paths.benchDir, 'express-server.js'), '--port', '0', '--secret', TENANTS.happyfox.secret, '--db', join(dir, `${kind}.db`), '--key', key],
    stdoutPath: join(dir, `${kind}.stdout.log`),
    stderrPath: join(dir, `${kind}.stderr.log`),
    urlPattern: /listening on (http:\/\/\S+)/,
    cwd: dir,
  });
}

/** The processes a scenario drives: one server, or both PostgreSQL replicas. */
export function serversFor(servers: Servers, kind: ServerKind): Child[] {
  const chosen =
    kind === 'receiver-silent'
      ? [servers.silent]
      : kind === 'receiver-pg'
        ? [servers.pg]
        : kind === 'receiver-pg2'
          ? [servers.pg, servers.pgB]
          : kind === 'receiver-b'
            ? [servers.b]
            : [servers[kind]];
  return chosen.map((server) => {
    if (!server) throw new Error(`${kind} is not running`);
    if (server.exited()) throw new Error(`${server.name} (pid ${server.pid}) has exited:\n${tail(server.stderrPath)}${tail(server.stdoutPath)}`);
    return server;
  });
}
