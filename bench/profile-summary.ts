/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time, the
 * functions with the most inclusive time, and self time per package.
 *
 *   node dist-bench/bench/profile-summary.js <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';
import { renderTable } from './report';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** `koa`, `better-sqlite3`, `receiver`, `node`, `(v8)`... from a frame's script URL. */
export function packageOf(url: string): string {
  if (!url) return '(v8/native)';
  if (url.startsWith('node:')) return 'node core';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] as string);
  }
  if (url.includes('/dist/')) return 'receiver (dist/)';
  return url;
}

/** `koa/lib/application.js`, `@koa/router/dist/index.js`, `dist/store/index.js` (the receiver), `node:events`. */
function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
}

function frameName(f: CallFrame): string {
  const file = f.url ? shortUrl(f.url) : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

export interface ProfileSummary {
  totalMs: number;
  self: Array<{ name: string; ms: number; pct: number }>;
  inclusive: Array<{ name: string; ms: number; pct: number }>;
  packages: Array<{ name: string; ms: number; pct: number }>;
}

export function summarise(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, i) => selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfByNode) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    const pkg =
      node.callFrame.functionName === '(idle)' ? '(idle)' : node.callFrame.functionName === '(garbage collector)' ? '(gc)' : packageOf(node.callFrame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) break;
      const key = frameName(frame);
      if (seen.has(key)) continue; // recursion counts once
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const rank = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: us / 1000, pct: (100 * us) / total }));
  return { totalMs: total / 1000, self: rank(self, top), inclusive: rank(inclusive, top), packages: rank(packages, 20) };
}

export function renderSummary(s: ProfileSummary): string {
  const rows = (list: ProfileSummary['self']) => list.map((e) => [e.name, e.ms.toFixed(0), e.pct.toFixed(1)]);
  return [
    `profile: ${(s.totalMs / 1000).toFixed(1)} s sampled`,
    '',
    'self time by package',
    renderTable(['package', 'ms', '%'], rows(s.packages)),
    '',
    'top functions by self time',
    renderTable(['function', 'ms', '%'], rows(s.self)),
    '',
    'top functions by inclusive time',
    renderTable(['function', 'ms', '%'], rows(s.inclusive)),
  ].join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node dist-bench/bench/profile-summary.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  process.stdout.write(`${renderSummary(summarise(profile, Number(process.argv[3] ?? 25)))}\n`);
}
