import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Runs the real built CLI (`node dist/cli.js`) as a child process. `npm test` builds dist/ first
 * (pretest); when running jest directly, run `npm run build` before.
 */
export const CLI = resolve(__dirname, '..', '..', 'dist', 'cli.js');

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does it in pretest)`);
}

/** The parent's environment without any HJR_* variable, so a developer's shell never leaks into a test. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('HJR_')) env[key] = value;
  return { ...env, ...extra };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout (or stderr) matches; rejects if the process exits first or after `ms`. */
  waitFor(pattern: RegExp, ms?: number, stream?: 'stdout' | 'stderr'): Promise<RegExpExecArray>;
  /** Resolves with the exit code / signal; rejects after `ms`. */
  exited(ms?: number): Promise<Exit>;
  hasExited(): boolean;
}

const running = new Set<CliProcess>();
const dirs: string[] = [];

/** A fresh temp folder, removed by `cleanup()`. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hjr-cli-'));
  dirs.push(dir);
  return dir;
}

/** Who a child runs as: the same user as the tests unless given. */
export interface RunAs {
  uid: number;
  gid: number;
}

/**
 * A user file modes apply to: root ignores them, so as root the child runs as `nobody` (65534);
 * anyone else runs the child as themselves. The folders it must enter need o+x then.
 */
export const UNPRIVILEGED: RunAs | undefined = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  as?: RunAs;
}

const reachable = new Set<string>();

/** Fails with what to do when `as` cannot read the built CLI (a checkout in a folder only its owner may enter). */
function assertCanRun(as: RunAs): void {
  const key = `${as.uid}:${as.gid}`;
  if (reachable.has(key)) return;
  const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(CLI)}, require('fs').constants.R_OK)`], {
    ...as,
    stdio: 'ignore',
  });
  if (probe.status !== 0) {
    throw new Error(
      `user ${as.uid} cannot read ${CLI}: these tests run the CLI unprivileged (root ignores file modes), so every folder above the checkout needs o+x (.ci/run sets it)`,
    );
  }
  reachable.add(key);
}

/** Starts `node dist/cli.js ...args`; the process is killed by `cleanup()` if still alive. */
export function startCli(args: string[], opts: CliOptions = {}): CliProcess {
  if (opts.as) assertCanRun(opts.as);
  const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? tmpdir(), env: cleanEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'], ...opts.as });
  let out = '';
  let err = '';
  let exit: Exit | undefined;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    notify();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    notify();
  });
  const exitPromise = new Promise<Exit>((resolveExit) => {
    // 'close' (not 'exit'): both pipes are drained, so stdout()/stderr() are complete.
    child.on('close', (code, signal) => {
      exit = { code, signal };
      running.delete(proc);
      notify();
      resolveExit(exit);
    });
  });

  const proc: CliProcess = {
    child,
    stdout: () => out,
    stderr: () => err,
    hasExited: () => exit !== undefined,
    waitFor(pattern, ms = 10_000, stream = 'stdout') {
      return new Promise((resolveMatch, reject) => {
        const check = () => {
          const match = pattern.exec(stream === 'stdout' ? out : err);
          if (match) {
            done();
            resolveMatch(match);
          } else if (exit) {
            done();
            reject(new Error(`process exited (${JSON.stringify(exit)}) before ${pattern} appeared\nstdout: ${out}\nstderr: ${err}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${pattern} did not appear within ${ms} ms\nstdout: ${out}\nstderr: ${err}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    exited(ms = 10_000) {
      return new Promise((resolveExit, reject) => {
        const timer = setTimeout(() => reject(new Error(`process did not exit within ${ms} ms\nstdout: ${out}\nstderr: ${err}`)), ms);
        void exitPromise.then((e) => {
          clearTimeout(timer);
          resolveExit(e);
        });
      });
    },
  };
  running.add(proc);
  return proc;
}

export interface CliRun extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs a command that is expected to end by itself (within `ms`). */
export async function runCli(args: string[], opts: CliOptions & { ms?: number } = {}): Promise<CliRun> {
  const proc = startCli(args, opts);
  const exit = await proc.exited(opts.ms ?? 10_000);
  return { ...exit, stdout: proc.stdout(), stderr: proc.stderr() };
}

export interface Serving {
  proc: CliProcess;
  url: string;
  /** The generated secret of the default tenant, when the banner shows one. */
  secret: string | null;
  banner: string;
}

/** Starts `serve` and waits for the whole banner (the last tenant's `claims` line). */
export async function serve(args: string[], opts: CliOptions = {}): Promise<Serving> {
  const proc = startCli(['serve', ...args], opts);
  const [, url] = await proc.waitFor(/listening on (http:\/\/\S+)/);
  await proc.waitFor(/claims .*\n\n/);
  const banner = proc.stdout();
  const secret = /^ {2}secret {4}([A-Za-z0-9]+) {3}\(generated/m.exec(banner)?.[1] ?? null;
  return { proc, url: url as string, secret, banner };
}

/** Sends `signal` and waits for the exit. */
export async function stop(proc: CliProcess, signal: NodeJS.Signals = 'SIGTERM', ms = 10_000): Promise<Exit> {
  const exited = proc.exited(ms);
  proc.child.kill(signal);
  return exited;
}

/** A TCP port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Kills every child still running (SIGKILL) and removes the temp folders. Call in afterEach. */
export async function cleanup(): Promise<void> {
  const alive = [...running];
  await Promise.all(
    alive.map(async (p) => {
      const exited = p.exited(5_000).catch(() => undefined);
      p.child.kill('SIGKILL');
      await exited;
    }),
  );
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** "at foo (file.js:1:2)": a stack frame, which a user-facing error must never show. */
export const STACK_FRAME = /^\s+at .+\(?.+:\d+:\d+\)?$/m;
