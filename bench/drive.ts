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

export interface DriveOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Pre-built requests, used in order, one per request. */
  requests: readonly DriveRequest[];
  /**
   * false: each request is sent once at most (distinct tokens); the run also stops when they are
   * spent. true: the requests are cycled (the baseline, which reads no token, and the replay).
   */
  cycle: boolean;
  connections: number;
  seconds: number;
  expectedStatus: number;
  /** The server's pid, for its CPU time during the run. */
  serverPid: number;
}

export interface DriveResult {
  seconds: number;
  /** Completed responses (any status). */
  responses: number;
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
  /** CPU used during the run, in % of one core. */
  serverCpuPercent: number | null;
  /**
   * The server process's CPU time (user + system, /proc/<pid>/stat) during the run over its
   * responses, in µs: what one request costs the server, whatever else the machine was doing.
   */
  serverCpuUsPerResponse: number | null;
  benchCpuPercent: number;
  /**
   * CPU used during the run by processes other than the bench and its servers, in % of one core
   * (and time stolen by the hypervisor): anything sizeable means the numbers are disturbed.
   */
  otherCpuPercent: number | null;
  stealPercent: number | null;
}

/**
 * One autocannon run. Every request gets the next pre-built path (or POST path, body and
 * Content-Type; autocannon adds Content-Length) through `setupRequest` (one request template,
 * rebuilt per send); with distinct tokens `maxOverallRequests` caps the run at the number of
 * tokens so a token is never sent twice. Latencies are recorded per response from
 * autocannon's own `response` event (sub-millisecond precision; its histogram keeps whole ms).
 */
export async function drive(opts: DriveOptions): Promise<DriveResult> {
  const { requests } = opts;
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

  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const serverBefore = procStats(opts.serverPid);
  const childrenBefore = childrenCpu();
  const machineBefore = machineCpu();
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();

  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 10,
    requests: [{ method: 'GET', setupRequest }],
    ...(opts.cycle ? {} : { maxOverallRequests: requests.length }),
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = responseTime;
  });
  const result = await instance;

  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = procStats(opts.serverPid);
  const childrenAfter = childrenCpu();
  const machineAfter = machineCpu();
  const ownSeconds = (cpu.user + cpu.system) / 1e6 + (childrenAfter - childrenBefore);
  const otherCpuPercent =
    machineBefore && machineAfter ? Math.max(0, (100 * (machineAfter.busySeconds - machineBefore.busySeconds - ownSeconds)) / wallSeconds) : null;
  const stealPercent = machineBefore && machineAfter ? (100 * (machineAfter.stealSeconds - machineBefore.stealSeconds)) / wallSeconds : null;
  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const responses = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  const expected = statusCounts[String(opts.expectedStatus)] ?? 0;
  const sorted = latencies.subarray(0, count).sort();
  const pct = (p: number): number => (count === 0 ? NaN : (sorted[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)] as number));
  const mean = count === 0 ? NaN : sorted.reduce((a, b) => a + b, 0) / count;
  const seconds = result.duration;

  return {
    seconds,
    responses,
    requestsPerSecond: responses / seconds,
    latencyMs: { mean, p50: pct(50), p90: pct(90), p99: pct(99), max: count === 0 ? NaN : (sorted[count - 1] as number) },
    statusCounts,
    wrongStatus: responses - expected,
    non2xx3xx: result['1xx'] + result['4xx'] + result['5xx'],
    errors: result.errors,
    timeouts: result.timeouts,
    pathsAvailable: requests.length,
    sent,
    ranOut: !opts.cycle && sent >= requests.length && seconds < opts.seconds - 0.5,
    serverCpuPercent: serverBefore && serverAfter ? (100 * (serverAfter.cpuSeconds - serverBefore.cpuSeconds)) / wallSeconds : null,
    serverCpuUsPerResponse: serverBefore && serverAfter && responses > 0 ? (1e6 * (serverAfter.cpuSeconds - serverBefore.cpuSeconds)) / responses : null,
    benchCpuPercent: (100 * (cpu.user + cpu.system)) / 1e6 / wallSeconds,
    otherCpuPercent,
    stealPercent,
  };
}

/** CPU seconds of every running child of the bench. */
function childrenCpu(): number {
  return livePids().reduce((sum, pid) => sum + (procStats(pid)?.cpuSeconds ?? 0), 0);
}
