import autocannon from 'autocannon';
import { livePids, machineCpu, procStats } from './children';

/**
 * One pre-built request: a string is the path (with its query) of a GET; an object is a POST with
 * its body (a form or JSON, already encoded) and the body's content type, or a GET with a cookie.
 */
export type DriveRequest = string | PostRequest | GetRequest;

/** A GET that carries a browser's cookie (a DiscourseConnect answer, bound to the browser that asked for its nonce). */
export interface GetRequest {
  method: 'GET';
  path: string;
  cookie: string;
}

export interface PostRequest {
  method: 'POST';
  path: string;
  body: Buffer;
  contentType: string;
}

/** A server the load goes to: its base URL (e.g. http://127.0.0.1:41234), and its pid for its CPU time during the run. */
export interface DriveTarget {
  url: string;
  serverPid: number;
}

export interface DriveOptions {
  /**
   * The servers (replicas of one service, or one server): one autocannon instance each, with an
   * equal share of the connections and of the requests, run at once; the results are summed.
   */
  targets: readonly DriveTarget[];
  /** Pre-built requests, used in order, one per request. */
  requests: readonly DriveRequest[];
  /**
   * false: each request is sent once at most (distinct tokens); the run also stops when they are
   * spent. true: the requests are cycled (the baseline, which reads no token, and the replay).
   */
  cycle: boolean;
  /** In all, over every target. */
  connections: number;
  seconds: number;
  expectedStatus: number;
}

export interface DriveResult {
  seconds: number;
  /** Completed responses (any status). */
  responses: number;
  /** Of those, each target's (in the order of `targets`). */
  perTarget: number[];
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  statusCounts: Record<string, number>;
  /** Responses whose status is not `expectedStatus`. */
  wrongStatus: number;
  /** Responses outside 2xx/3xx. */
  non2xx3xx: number;
  /** Connection errors and timeouts (no response at all). */
  errors: number;
  timeouts: number;
  /** Pre-built requests (one token each) the run could use. */
  pathsAvailable: number;
  /** Requests built (one path each), including those still in flight when the run stopped. */
  sent: number;
  /** The run ended before `seconds` because its distinct tokens were spent. */
  ranOut: boolean;
  /** CPU used during the run by the server (every target's), in % of one core. */
  serverCpuPercent: number | null;
  /**
   * The server processes' CPU time (user + system, /proc/<pid>/stat) during the run over its
   * responses, in µs: what one request costs the server, whatever else the machine was doing.
   */
  serverCpuUsPerResponse: number | null;
  /**
   * The part of it spent on the servers' main threads (the event loop: HTTP, verification, the
   * hand-over to the store); the rest is the store's and V8's threads. Which one to work on.
   */
  mainThreadCpuUsPerResponse: number | null;
  benchCpuPercent: number;
  /**
   * CPU used during the run by processes other than the bench and its servers, in % of one core
   * (and time stolen by the hypervisor): anything sizeable means the numbers are disturbed.
   */
  otherCpuPercent: number | null;
  stealPercent: number | null;
}

/** One target's instance: its share of the requests and connections; its latencies go to `record`. */
function cannon(target: DriveTarget, requests: readonly DriveRequest[], connections: number, opts: DriveOptions, record: (ms: number) => void) {
  let next = 0;
  let sent = 0;
  const setupRequest = (req: autocannon.RawRequest): autocannon.RawRequest => {
    // Past the end only when cycling: maxOverallRequests stops a distinct-token run first (and a
    // token sent twice would show up as a wrong status anyway).
    if (next >= requests.length && opts.cycle) next = 0;
    const request = requests[Math.min(next, requests.length - 1)] as DriveRequest;
    if (typeof request === 'string') {
      req.path = request;
    } else if (request.method === 'GET') {
      req.path = request.path;
      req.headers = { ...req.headers, Cookie: request.cookie };
    } else {
      // req is autocannon's fresh copy of the template (GET, no body), headers included.
      req.method = request.method;
      req.path = request.path;
      req.body = request.body;
      req.headers = { ...req.headers, 'Content-Type': request.contentType };
    }
    next++;
    sent++;
    return req;
  };
  const instance = autocannon({
    url: target.url,
    connections,
    duration: opts.seconds,
    timeout: 10,
    requests: [{ method: 'GET', setupRequest }],
    ...(opts.cycle ? {} : { maxOverallRequests: requests.length }),
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => record(responseTime));
  return instance.then((result) => ({ result, sent: () => sent }));
}

/** `items` cut into `n` runs of equal length (the last ones one shorter), in order. */
function shares<T>(items: readonly T[], n: number): T[][] {
  return Array.from({ length: n }, (_, i) => items.slice(Math.floor((i * items.length) / n), Math.floor(((i + 1) * items.length) / n)));
}

/**
 * One autocannon run per target, at once. Every request gets the next pre-built path (or POST
 * path, body and Content-Type; autocannon adds Content-Length) of its target's share through
 * `setupRequest` (one request template, rebuilt per send); with distinct tokens
 * `maxOverallRequests` caps each run at its share so a token is never sent twice. Latencies are
 * recorded per response from autocannon's own `response` event (sub-millisecond precision; its
 * histogram keeps whole ms), and the percentiles are those of every target's responses together.
 */
export async function drive(opts: DriveOptions): Promise<DriveResult> {
  const { requests, targets } = opts;
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const record = (ms: number) => {
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = ms;
  };
  const serverCpu = () => {
    const stats = targets.map((t) => procStats(t.serverPid));
    if (!stats.every((st) => st !== null)) return null;
    return { all: stats.reduce((sum, st) => sum + st!.cpuSeconds, 0), main: stats.reduce((sum, st) => sum + st!.mainThreadCpuSeconds, 0) };
  };
  const serverBefore = serverCpu();
  const childrenBefore = childrenCpu();
  const machineBefore = machineCpu();
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();

  const parts = shares(requests, targets.length);
  const connections = shares(Array.from({ length: opts.connections }), targets.length).map((c) => Math.max(1, c.length));
  const runs = await Promise.all(targets.map((t, i) => cannon(t, parts[i]!, connections[i]!, opts, record)));

  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = serverCpu();
  const childrenAfter = childrenCpu();
  const machineAfter = machineCpu();
  const ownSeconds = (cpu.user + cpu.system) / 1e6 + (childrenAfter - childrenBefore);
  const otherCpuPercent =
    machineBefore && machineAfter ? Math.max(0, (100 * (machineAfter.busySeconds - machineBefore.busySeconds - ownSeconds)) / wallSeconds) : null;
  const stealPercent = machineBefore && machineAfter ? (100 * (machineAfter.stealSeconds - machineBefore.stealSeconds)) / wallSeconds : null;
  const statusCounts: Record<string, number> = {};
  for (const { result } of runs) for (const [code, st] of Object.entries(result.statusCodeStats)) statusCounts[code] = (statusCounts[code] ?? 0) + st.count;
  const sum = (pick: (r: autocannon.Result) => number) => runs.reduce((n, run) => n + pick(run.result), 0);
  const responses = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  const expected = statusCounts[String(opts.expectedStatus)] ?? 0;
  const sorted = latencies.subarray(0, count).sort();
  const pct = (p: number): number => (count === 0 ? NaN : (sorted[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)] as number));
  const mean = count === 0 ? NaN : sorted.reduce((a, b) => a + b, 0) / count;
  // The runs start together; the longest is the run's length (a share that ran out of tokens ends early).
  const seconds = Math.max(...runs.map((r) => r.result.duration));
  const sent = runs.reduce((n, r) => n + r.sent(), 0);
  const measured = serverBefore !== null && serverAfter !== null;
  const serverSeconds = measured ? serverAfter.all - serverBefore.all : null;
  const mainThreadSeconds = measured ? serverAfter.main - serverBefore.main : null;

  return {
    seconds,
    responses,
    perTarget: runs.map(({ result }) => Object.values(result.statusCodeStats).reduce((n, st) => n + st.count, 0)),
    requestsPerSecond: responses / seconds,
    latencyMs: { mean, p50: pct(50), p90: pct(90), p99: pct(99), max: count === 0 ? NaN : (sorted[count - 1] as number) },
    statusCounts,
    wrongStatus: responses - expected,
    non2xx3xx: sum((r) => r['1xx'] + r['4xx'] + r['5xx']),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    pathsAvailable: requests.length,
    sent,
    ranOut: !opts.cycle && runs.some((r, i) => r.sent() >= parts[i]!.length && r.result.duration < opts.seconds - 0.5),
    serverCpuPercent: serverSeconds === null ? null : (100 * serverSeconds) / wallSeconds,
    serverCpuUsPerResponse: serverSeconds !== null && responses > 0 ? (1e6 * serverSeconds) / responses : null,
    mainThreadCpuUsPerResponse: mainThreadSeconds !== null && responses > 0 ? (1e6 * mainThreadSeconds) / responses : null,
    benchCpuPercent: (100 * (cpu.user + cpu.system)) / 1e6 / wallSeconds,
    otherCpuPercent,
    stealPercent,
  };
}

/** CPU seconds of every running child of the bench. */
function childrenCpu(): number {
  return livePids().reduce((sum, pid) => sum + (procStats(pid)?.cpuSeconds ?? 0), 0);
}
