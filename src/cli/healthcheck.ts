import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { EXIT, exitStatusHelp } from './errors';
import { exitTwoOnUsageErrors } from './usage';

interface HealthcheckOptions {
  url: string;
  timeout: number;
  wait?: number;
}

/** One probe's outcome: healthy, or the reason it is not, in a person's terms. */
type Probe = { healthy: true; line: string } | { healthy: false; reason: string };

/** Retries start at FIRST_RETRY_MS and back off to LAST_RETRY_MS: quick to see a receiver that just started, light on one that is slow to. */
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 250;

function baseUrl(value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new InvalidArgumentError('must be an http(s) URL, e.g. http://127.0.0.1:8080');
  return value;
}

function positive(unit: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`must be a positive number of ${unit}`);
    return n;
  };
}

/** Why fetch failed: undici hides the socket error in `cause`. */
function fetchFailure(err: unknown, url: string, timeoutMs: number): string {
  const { name, cause } = err as { name?: string; cause?: { code?: string; message?: string } };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer from ${url} within ${timeoutMs} ms`;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return `connection refused at ${url} (is the receiver running, on this port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host of ${url} does not resolve`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `${url} closed the connection without an answer`;
    default:
      return `${url}: ${cause?.message ?? (err as Error).message}`;
  }
}

async function probe(base: string, timeoutMs: number): Promise<Probe> {
  const url = new URL('/_receiver/health', base).toString();
  // A timer of our own, not AbortSignal.timeout: that one is unref'd, and fetch can stall without
  // holding the event loop (a server that hangs up at once), so Node would exit mid-probe.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
  try {
    const res = await fetch(url, { signal: abort.signal });
    const text = await res.text();
    let body: { status?: unknown; database?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { healthy: false, reason: `${url} answered ${res.status} but not with the receiver's health JSON (another server on this port?)` };
    }
    if (res.ok && body.status === 'ok') return { healthy: true, line: `${res.status} ok` };
    const database = typeof body.database === 'string' && body.database !== 'ok' ? `; database: ${body.database}` : '';
    return { healthy: false, reason: `${url} answered ${res.status} ${String(body.status ?? '')}${database}` };
  } catch (err) {
    return { healthy: false, reason: fetchFailure(err, url, timeoutMs) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One probe, or with `wait` probes until healthy or the deadline, so `serve &` then `healthcheck
 * --wait 30` is not a race. Each probe gives up after `timeout` ms (or what is left of the wait).
 */
export async function healthcheck(opts: HealthcheckOptions): Promise<number> {
  const started = Date.now();
  const deadline = started + (opts.wait ?? 0) * 1000;
  let pause = FIRST_RETRY_MS;
  for (;;) {
    const left = deadline - Date.now();
    // With --wait, an attempt gets what is left of it, but never less than a retry's pause.
    const result = await probe(opts.url, opts.wait === undefined ? opts.timeout : Math.min(opts.timeout, Math.max(FIRST_RETRY_MS, left)));
    if (result.healthy) {
      process.stdout.write(`${result.line}\n`);
      return EXIT.ok;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const waited = opts.wait === undefined ? '' : ` after waiting ${Math.round((Date.now() - started) / 100) / 10} s`;
      process.stderr.write(`unhealthy${waited}: ${result.reason}\n`);
      return EXIT.refused;
    }
    await sleep(Math.min(pause, remaining));
    pause = Math.min(LAST_RETRY_MS, pause * 1.5);
  }
}

export function registerHealthcheck(program: Command): void {
  const command = program
    .command('healthcheck')
    .description('exit 0 when the receiver at --url answers its health check, 1 otherwise; --wait retries until it does')
    .addOption(new Option('--url <url>', 'receiver base URL').default('http://127.0.0.1:8080').env('HJR_URL').argParser(baseUrl))
    .addOption(new Option('--timeout <ms>', 'give up on one attempt after this many milliseconds').default(3000).argParser(positive('milliseconds')))
    .addOption(new Option('--wait <seconds>', 'retry every 100-250 ms until healthy or this many seconds have passed').argParser(positive('seconds')))
    .addHelpText(
      'after',
      [
        exitStatusHelp('healthy (prints "200 ok")', 'unhealthy, or with --wait still unhealthy at the deadline (the reason on stderr)', [
          'usage error: --url not an http(s) URL, --timeout or --wait not a positive number',
        ]),
        '',
        'Example, in CI:',
        '  helpdesk-jwt-receiver serve --port 8080 --db :memory: --secret "$SECRET" &',
        '  helpdesk-jwt-receiver healthcheck --url http://127.0.0.1:8080 --wait 30',
      ].join('\n'),
    )
    .action(async (opts: HealthcheckOptions) => {
      // Should anything end the process before the answer, it must not read as healthy.
      process.exitCode = EXIT.refused;
      process.exitCode = await healthcheck(opts);
    });
  exitTwoOnUsageErrors(command);
}
