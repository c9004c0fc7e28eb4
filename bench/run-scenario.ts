/**
 * One scenario of `npm run bench` (bench/run.ts): the spot checks by hand (bench/spot-checks.ts), a
 * warm-up run that also sizes the token supply, then the measured run, and its result row.
 */
import { procStats, type Child } from './children';
import { drive, type DriveRequest, type DriveResult } from './drive';
import { disturbed, type ScenarioResult } from './report';
import { isReceiver, requestFor, routeLabel, TENANTS, type Scenario } from './scenarios';
import { expectLogin, expectReplayRefused } from './spot-checks';
import { loginRequests } from './credentials';
import { claimsFor, mintTokens, signToken, type Vendor } from './tokens';
import { VENDORS } from '../src/vendors';

/** Wrong statuses (plus requests without a response) above this share make a scenario invalid. */
export const MAX_WRONG_FRACTION = 0.001;
/** Tokens for a warm-up: enough for this many requests/s (a faster server just ends its warm-up early). */
const WARMUP_RATE_CAP = 5000;
/** The measured run gets this many times the tokens the warm-up rate asks for, plus a margin. */
const TOKEN_HEADROOM = 2;
/** The measured run gets tokens for at least this many requests/s, whatever the warm-up did. */
const MIN_TOKEN_RATE = 3000;
/** Distinct (but never verified) tokens the baseline cycles through. */
const BASELINE_POOL = 2000;

function secretFor(vendor: Vendor): string {
  return TENANTS[vendor].secret;
}

async function requestsFor(server: Child, scenario: Scenario, phase: string, count: number, replayToken: string | null): Promise<DriveRequest[]> {
  if (scenario.tokens === 'replayed') return [requestFor(scenario.carrier, replayToken as string)];
  if (scenario.tokens === 'cycled')
    return (await mintTokens(scenario.vendor, secretFor(scenario.vendor), count, `${scenario.id}-${phase}`)).map((t) => requestFor(scenario.carrier, t));
  return loginRequests(server, scenario, count, `${scenario.id}-${phase}`);
}

function wrongFraction(...runs: DriveResult[]): number {
  const bad = runs.reduce((n, r) => n + r.wrongStatus + r.errors, 0);
  const all = runs.reduce((n, r) => n + r.responses + r.errors, 0);
  return all === 0 ? 1 : bad / all;
}

export interface RunSettings {
  seconds: number;
  warmupSeconds: number;
  log: (line: string) => void;
}

/**
 * A scenario: spot checks by hand, a warm-up (which sizes the token supply), then the measured run.
 * `servers`: the one server, or the replicas of one service (the load split evenly over them).
 */
export async function runScenario(
  scenario: Scenario,
  servers: readonly Child[],
  baselines: Map<string, number>,
  settings: RunSettings,
): Promise<ScenarioResult> {
  const { seconds, warmupSeconds, log } = settings;
  const receiver = isReceiver(scenario.server);
  const { vendor } = scenario;
  const server = servers[0]!;
  const token = async (label: string) => signToken(claimsFor(vendor, `${scenario.id}-${label}`), secretFor(vendor), VENDORS[vendor].factory.header);

  // By hand first: an accepted login on each (and, for the replay, the token's first use and a refusal).
  let replayToken: string | null = null;
  for (const [i, each] of servers.entries()) {
    await expectLogin(each, scenario, (await loginRequests(each, scenario, 1, `${scenario.id}-check-${i}`))[0] as DriveRequest, receiver);
  }
  if (servers.length > 1) {
    // One ledger: a token accepted by the first replica is refused by every other.
    const shared = await token('shared');
    await expectLogin(server, scenario, requestFor(scenario.carrier, shared), receiver);
    for (const other of servers.slice(1)) await expectReplayRefused(other, scenario, shared);
  }
  if (scenario.tokens === 'replayed') {
    replayToken = await token('replayed');
    await expectLogin(server, scenario, requestFor(scenario.carrier, replayToken), true);
    await expectReplayRefused(server, scenario, replayToken);
  }

  const distinct = scenario.tokens === 'distinct';
  const supply = scenario.supply ?? { warmupRate: WARMUP_RATE_CAP, minRate: MIN_TOKEN_RATE };
  const warmupCount = distinct ? Math.ceil(warmupSeconds * supply.warmupRate) : BASELINE_POOL;
  const warmupRequests = await requestsFor(server, scenario, 'warmup', warmupCount, replayToken);
  const targets = servers.map((s) => ({ url: s.url, serverPid: s.pid }));
  const warmup = await drive({
    targets,
    requests: warmupRequests,
    cycle: !distinct,
    connections: scenario.connections,
    seconds: warmupSeconds,
    expectedStatus: scenario.expectedStatus,
  });

  // Twice what the warm-up rate asks for (a disturbed warm-up still leaves a floor), plus a margin.
  const measuredCount = distinct
    ? Math.ceil(Math.max(warmup.requestsPerSecond * TOKEN_HEADROOM, supply.minRate) * seconds) + 100 * scenario.connections + 1000
    : BASELINE_POOL;
  const mintStarted = Date.now();
  const requests = await requestsFor(server, scenario, 'run', measuredCount, replayToken);
  const mintMs = Date.now() - mintStarted;
  const measured = await drive({
    targets,
    requests,
    cycle: !distinct,
    connections: scenario.connections,
    seconds,
    expectedStatus: scenario.expectedStatus,
  });
  const serverAfter = procStats(server.pid);

  if (scenario.server === 'baseline') baselines.set(scenario.id, measured.requestsPerSecond);
  const base = baselines.get(scenario.baseline);
  const wrong = wrongFraction(warmup, measured);
  const result: ScenarioResult = {
    id: scenario.id,
    title: scenario.title,
    server: scenario.server,
    route: `${routeLabel(scenario.carrier)}<${scenario.tokens === 'replayed' ? 'one spent token' : scenario.tokens === 'cycled' ? 'token (not read)' : 'fresh token'}>`,
    connections: scenario.connections,
    expectedStatus: scenario.expectedStatus,
    warmup,
    measured,
    serverAfter,
    ratioToBaseline: base ? measured.requestsPerSecond / base : null,
    wrongFraction: wrong,
    valid: wrong <= MAX_WRONG_FRACTION && measured.responses > 0,
  };

  const m = measured;
  log(
    `  ${scenario.id.padEnd(18)} warm-up ${Math.round(warmup.requestsPerSecond)} req/s; ` +
      `${distinct ? `${requests.length} credentials made in ${mintMs} ms; ` : ''}` +
      `measured ${m.seconds.toFixed(1)} s: ${Math.round(m.requestsPerSecond)} req/s, p50 ${m.latencyMs.p50.toFixed(2)} ms, p99 ${m.latencyMs.p99.toFixed(2)} ms, max ${m.latencyMs.max.toFixed(1)} ms, ` +
      `server CPU ${m.serverCpuPercent?.toFixed(0) ?? '?'}%${servers.length > 1 ? ` (${servers.length} replicas, responses ${m.perTarget.join(' + ')})` : ''}, bench CPU ${m.benchCpuPercent.toFixed(0)}%, other processes ${m.otherCpuPercent?.toFixed(0) ?? '?'}%` +
      (disturbed(m) ? '  [DISTURBED: other processes were busy]' : '') +
      (m.ranOut ? '  [TOKENS RAN OUT before the end: the run is short; raise TOKEN_HEADROOM]' : ''),
  );
  if (!result.valid) {
    log(
      `  ${scenario.id}: INVALID: ${(wrong * 100).toFixed(3)}% of requests had a status other than ${scenario.expectedStatus} or no response (statuses ${JSON.stringify(m.statusCounts)}, errors ${m.errors}, timeouts ${m.timeouts})`,
    );
  }
  return result;
}
