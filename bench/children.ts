import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

/**
 * Child processes of the bench (the receiver, the baseline). Their stdout and stderr go to files in
 * the bench's temp folder, not to pipes: a busy bench process that drains a pipe late would stall a
 * child's synchronous log writes and show up as the child's latency. The bound URL is parsed from
 * the stdout file as soon as the child prints it.
 */
export interface Child {
  name: string;
  pid: number;
  url: string;
  stdoutPath: string;
  stderrPath: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
  exited(): boolean;
}

const live = new Map<number, ChildProcess>();

export interface StartOptions {
  name: string;
  args: string[];
  stdoutPath: string;
  stderrPath: string;
  /** First capture group is the base URL. */
  urlPattern: RegExp;
  timeoutMs?: number;
  cwd?: string;
}

export async function startChild(opts: StartOptions): Promise<Child> {
  const out = openSync(opts.stdoutPath, 'w');
  const err = openSync(opts.stderrPath, 'w');
  let proc: ChildProcess;
  try {
    proc = spawn(process.execPath, opts.args, { stdio: ['ignore', out, err], cwd: opts.cwd, env: { ...process.env, NODE_ENV: 'production' } });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`${opts.name}: could not be started`);
  live.set(pid, proc);
  let exitCode: number | null | undefined;
  const exit = new Promise<number | null>((resolve) => {
    proc.once('exit', (code) => {
      exitCode = code;
      live.delete(pid);
      resolve(code);
    });
  });

  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let url: string | undefined;
  while (url === undefined) {
    const text = existsSync(opts.stdoutPath) ? readFileSync(opts.stdoutPath, 'utf8') : '';
    url = opts.urlPattern.exec(text)?.[1];
    if (url) break;
    if (exitCode !== undefined) {
      throw new Error(`${opts.name} exited with code ${exitCode} before printing its URL:\n${tail(opts.stderrPath)}${tail(opts.stdoutPath)}`);
    }
    if (Date.now() > deadline) {
      killNow(pid);
      throw new Error(`${opts.name} printed no URL within ${opts.timeoutMs ?? 15_000} ms:\n${tail(opts.stderrPath)}${tail(opts.stdoutPath)}`);
    }
    await sleep(25);
  }

  return {
    name: opts.name,
    pid,
    url,
    stdoutPath: opts.stdoutPath,
    stderrPath: opts.stderrPath,
    exited: () => exitCode !== undefined,
    async stop(graceMs = 5_000) {
      if (exitCode !== undefined) return exitCode;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Pids of the children still running. */
export function livePids(): number[] {
  return [...live.keys()];
}

/** For exit and signal handlers: SIGKILL every child still running, synchronously. */
export function killAllChildrenNow(): void {
  for (const pid of [...live.keys()]) killNow(pid);
}

function killNow(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  live.delete(pid);
}

/** The last lines of a child's output file, for error messages. */
export function tail(path: string, lines = 15): string {
  try {
    const text = readFileSync(path, 'utf8').trimEnd();
    return text ? `--- ${path}\n${text.split('\n').slice(-lines).join('\n')}\n` : '';
  } catch {
    return '';
  }
}

export interface ProcStats {
  /** Resident set size now, MiB. */
  rssMiB: number;
  /** Peak resident set size, MiB. */
  hwmMiB: number;
  /** User + system CPU time so far, seconds. */
  cpuSeconds: number;
  /** The same for the main thread alone (its event loop), seconds. */
  mainThreadCpuSeconds: number;
}

const CLOCK_TICKS = 100; // USER_HZ, 100 on every Linux Node supports

/** utime + stime of a /proc stat file (a process's or one thread's), clock ticks. */
function cpuTicks(path: string): number {
  const stat = readFileSync(path, 'utf8');
  // Fields after "(comm)": state is field 3, utime 14, stime 15 (1-based, man 5 proc).
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
}

/** From /proc/<pid>/status and /proc/<pid>/stat; null where there is no /proc (not Linux). */
export function procStats(pid: number): ProcStats | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return {
      rssMiB: kb('VmRSS') / 1024,
      hwmMiB: kb('VmHWM') / 1024,
      cpuSeconds: cpuTicks(`/proc/${pid}/stat`) / CLOCK_TICKS,
      // The thread whose id is the process's: the event loop, apart from the store's and V8's threads.
      mainThreadCpuSeconds: cpuTicks(`/proc/${pid}/task/${pid}/stat`) / CLOCK_TICKS,
    };
  } catch {
    return null;
  }
}

/** Busy and stolen CPU time of the whole machine so far, seconds (all CPUs added up), from /proc/stat. */
export function machineCpu(): { busySeconds: number; stealSeconds: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] as string;
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
    return {
      busySeconds: ((user as number) + (nice as number) + (system as number) + (irq as number) + (softirq as number)) / CLOCK_TICKS,
      stealSeconds: (steal ?? 0) / CLOCK_TICKS,
    };
  } catch {
    return null;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
