import { evaluateTargets, median, roundTags, targetsTable, type ScenarioResult } from '../../bench/report';
import type { DriveResult } from '../../bench/drive';

/** A scenario's result with only what the targets read: req/s, p99, CPU per response, the ratio to its baseline. */
function result(id: string, rps: number, extra: { ratio?: number; p99?: number; cpu?: number } = {}): ScenarioResult {
  const measured = {
    requestsPerSecond: rps,
    latencyMs: { mean: 1, p50: 1, p90: 1, p99: extra.p99 ?? 1, max: 1 },
    serverCpuUsPerResponse: extra.cpu ?? null,
  } as DriveResult;
  return {
    id,
    title: id,
    server: 'receiver',
    route: '/',
    connections: 10,
    expectedStatus: 302,
    warmup: measured,
    measured,
    serverAfter: null,
    ratioToBaseline: extra.ratio ?? null,
    wrongFraction: 0,
    valid: true,
  };
}

/** One round of the scenarios the targets read, `tag` '' or '#2'... */
function round(tag: string, login: { ratio: number; cpu: number; p99: number }, replayRatio: number, keyObjectRps: number): ScenarioResult[] {
  return [
    result(`baseline-10${tag}`, 50_000),
    result(`consume-10${tag}`, 10_000, login),
    result(`consume-50${tag}`, 12_000, { p99: 12 }),
    result(`replay-10${tag}`, 11_000, { ratio: replayRatio }),
    result(`express-string-10${tag}`, 2_000),
    result(`express-keyobject-10${tag}`, keyObjectRps),
  ];
}

const byName = (targets: ReturnType<typeof evaluateTargets>, start: string) => {
  const found = targets.find((t) => t.name.startsWith(start));
  if (!found) throw new Error(`no target ${start}`);
  return found;
};

describe('bench targets over rounds', () => {
  test('the rounds are told apart by the ids\u2019 #N suffix, the first having none', () => {
    expect(roundTags([...round('', { ratio: 0.2, cpu: 140, p99: 4 }, 0.2, 6000), ...round('#2', { ratio: 0.2, cpu: 140, p99: 4 }, 0.2, 6000)])).toEqual([
      '',
      '#2',
    ]);
  });

  test('median: the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('each target is judged on the median of its rounds, and every round is kept', () => {
    // KeyObject ratio per round: 10,000 / 6,500 = 1.54, / 7,000 = 1.43, / 6,000 = 1.67: one round alone could say either.
    const results = [
      ...round('', { ratio: 0.18, cpu: 150, p99: 4 }, 0.21, 6500),
      ...round('#2', { ratio: 0.2, cpu: 118, p99: 11 }, 0.23, 7000),
      ...round('#3', { ratio: 0.19, cpu: 125, p99: 5 }, 0.22, 6000),
    ];
    const targets = evaluateTargets(results);

    const cpu = byName(targets, 'accepted consume, 10 conns: server CPU');
    expect(cpu.rounds).toEqual([150, 118, 125]);
    expect(cpu.actual).toBe(125);
    expect(cpu.verdict).toBe('FAIL'); // one round under 120 is not enough

    const p99 = byName(targets, 'accepted consume, 10 conns: p99');
    expect(p99.actual).toBe(5);
    expect(p99.verdict).toBe('PASS'); // one round over 10 ms is not enough either

    const keyObject = byName(targets, 'receiver / Express+jsonwebtoken (KeyObject)');
    expect(keyObject.rounds.map((r) => r.toFixed(2))).toEqual(['1.54', '1.43', '1.67']);
    expect(keyObject.actual).toBeCloseTo(10_000 / 6500, 6);
    expect(keyObject.verdict).toBe('PASS');

    const table = targetsTable(targets);
    expect(table.split('\n')[0]).toMatch(/median\s+verdict\s+each round/);
    expect(table).toContain('150.0 118.0 125.0');
  });

  test('one round: its figure is the verdict\u2019s, and the table has no rounds column', () => {
    const targets = evaluateTargets(round('', { ratio: 0.31, cpu: 119, p99: 4 }, 0.41, 6000));
    expect(byName(targets, 'accepted consume, 10 conns: req/s').verdict).toBe('PASS');
    expect(byName(targets, 'refused replay').actual).toBe(0.41);
    expect(targetsTable(targets).split('\n')[0]).not.toContain('each round');
  });

  test('a target no round measured is n/a', () => {
    const targets = evaluateTargets([result('baseline-10', 50_000)]);
    const start = byName(targets, 'start-up');
    expect(start.actual).toBeNull();
    expect(start.rounds).toEqual([]);
    expect(start.verdict).toBe('n/a');
  });
});
