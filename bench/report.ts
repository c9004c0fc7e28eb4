import type { DriveResult } from './drive';
import type { ProcStats } from './children';

export interface ScenarioResult {
  id: string;
  title: string;
  server: string;
  route: string;
  connections: number;
  expectedStatus: number;
  warmup: DriveResult;
  measured: DriveResult;
  /** The server process after the measured run. */
  serverAfter: ProcStats | null;
  /** requests/s over the baseline's at the same connection count; null without that baseline. */
  ratioToBaseline: number | null;
  /** (wrong status + connection errors) / (responses + errors), measured and warm-up together. */
  wrongFraction: number;
  valid: boolean;
}

export interface Target {
  name: string;
  scenario: string;
  measure: string;
  comparison: '>=' | '<=';
  threshold: number;
  actual: number | null;
  verdict: 'PASS' | 'FAIL' | 'n/a';
}

/** Other processes used more than this much of a core during a run: its numbers are not to be trusted. */
export const DISTURBED_CPU_PERCENT = 20;

export function disturbed(m: DriveResult): boolean {
  return (m.otherCpuPercent ?? 0) + (m.stealPercent ?? 0) > DISTURBED_CPU_PERCENT;
}

const fixed = (n: number | null | undefined, digits: number): string => (n === null || n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));
const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function statuses(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, n]) => `${code}:${n}`)
    .join(' ');
}

/** A plain-text table with right-aligned numbers and left-aligned text. */
export function renderTable(headers: string[], rows: string[][], leftAligned: number[] = [0]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (s: string, i: number): string => (leftAligned.includes(i) ? s.padEnd(widths[i] as number) : s.padStart(widths[i] as number));
  const line = (r: string[]): string => r.map(cell).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function resultsTable(results: readonly ScenarioResult[]): string {
  const headers = [
    'scenario',
    'conns',
    'req/s',
    'p50 ms',
    'p99 ms',
    'x baseline',
    'RSS MiB',
    'peak MiB',
    'srv CPU%',
    'other CPU%',
    'responses',
    'statuses',
    'non-2xx/3xx',
    'wrong',
    'errors',
  ];
  const rows = results.map((r) => {
    const m = r.measured;
    return [
      r.id,
      String(r.connections),
      `${int(m.requestsPerSecond)}${m.ranOut ? ' *' : ''}`,
      fixed(m.latencyMs.p50, 2),
      fixed(m.latencyMs.p99, 2),
      fixed(r.ratioToBaseline, 3),
      fixed(r.serverAfter?.rssMiB, 1),
      fixed(r.serverAfter?.hwmMiB, 1),
      fixed(m.serverCpuPercent, 0),
      `${fixed(m.otherCpuPercent, 0)}${disturbed(m) ? ' !' : ''}`,
      int(m.responses),
      statuses(m.statusCounts),
      int(m.non2xx3xx),
      `${int(m.wrongStatus)}${r.valid ? '' : ' !'}`,
      int(m.errors),
    ];
  });
  return renderTable(headers, rows, [0, 11]);
}

export function targetsTable(targets: readonly Target[]): string {
  const rows = targets.map((t) => [t.name, `${t.comparison} ${t.threshold}`, fixed(t.actual, t.measure === 'ratio' ? 3 : 2), t.verdict]);
  return renderTable(['target', 'wanted', 'actual', 'verdict'], rows, [0, 1]);
}

export function evaluateTargets(results: readonly ScenarioResult[]): Target[] {
  const find = (id: string): ScenarioResult | undefined => results.find((r) => r.id === id);
  const target = (name: string, scenario: string, measure: 'ratio' | 'p99', comparison: '>=' | '<=', threshold: number): Target => {
    const r = find(scenario);
    const actual = !r ? null : measure === 'ratio' ? r.ratioToBaseline : r.measured.latencyMs.p99;
    const ok = actual === null || Number.isNaN(actual) ? null : comparison === '>=' ? actual >= threshold : actual <= threshold;
    return { name, scenario, measure, comparison, threshold, actual, verdict: ok === null ? 'n/a' : ok ? 'PASS' : 'FAIL' };
  };
  return [
    target('accepted consume, 10 conns: req/s vs baseline', 'consume-10', 'ratio', '>=', 0.25),
    target('accepted consume, 10 conns: p99 latency (ms)', 'consume-10', 'p99', '<=', 10),
    target('refused replay, 10 conns: req/s vs baseline', 'replay-10', 'ratio', '>=', 0.4),
  ];
}
