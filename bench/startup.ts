/**
 * Start-up to ready: from spawn to the first 200 of `GET /_receiver/health`, for the receiver and
 * for the bare Koa baseline, interleaved (baseline, receiver, baseline, ...) so a busy moment of
 * the shared machine hits both; each server is started once untimed first (the OS file cache, and
 * the receiver's database created and migrated, as on every start after the first).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { median } from './report';

export interface StartupCommand {
  name: string;
  /** node arguments, given the port to listen on. */
  args: (port: number) => string[];
}

export interface StartupResult {
  name: string;
  /** Spawn to health 200 of each timed start, ms. */
  samplesMs: number[];
  medianMs: number;
}

/** A port free a moment ago (the server is told to listen on it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The status of one GET, or null when nothing answers yet. */
function healthStatus(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/_receiver/health', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.once('error', () => resolve(null));
    req.once('timeout', () => req.destroy());
    req.end();
  });
}

const POLL_MS = 2;
const TIMEOUT_MS = 15_000;

/** One start: spawn, poll health until 200, stop; the elapsed ms to the 200. */
async function timeOneStart(cmd: StartupCommand, dir: string, round: number): Promise<number> {
  const port = await freePort();
  const out = openSync(join(dir, `startup-${cmd.name}-${round}.log`), 'w');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, cmd.args(port), { stdio: ['ignore', out, out], cwd: dir, env: { ...process.env, NODE_ENV: 'production' } });
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    for (;;) {
      if ((await healthStatus(port)) === 200) return Number(process.hrtime.bigint() - started) / 1e6;
      if (exitCode !== undefined) throw new Error(`${cmd.name} exited with code ${exitCode} before its health answered 200 (log in ${dir})`);
      if (Number(process.hrtime.bigint() - started) / 1e6 > TIMEOUT_MS) throw new Error(`${cmd.name}: health not 200 within ${TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  }
}

/** `rounds` timed starts of each command, interleaved, after one untimed start of each. */
export async function measureStartup(commands: StartupCommand[], dir: string, rounds: number): Promise<StartupResult[]> {
  for (const cmd of commands) await timeOneStart(cmd, dir, 0);
  const samples = commands.map(() => [] as number[]);
  for (let round = 1; round <= rounds; round++) {
    for (const [i, cmd] of commands.entries()) samples[i]?.push(await timeOneStart(cmd, dir, round));
  }
  return commands.map((cmd, i) => ({ name: cmd.name, samplesMs: samples[i] as number[], medianMs: median(samples[i] as number[]) }));
}
