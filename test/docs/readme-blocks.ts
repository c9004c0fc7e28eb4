/**
 * The README's fenced blocks, each with the marker on the line before it that says how it is kept
 * true (see test/docs/readme-blocks.test.ts):
 *   <!-- example: PATH -->   the block is the file PATH, character for character (a test runs PATH)
 *   <!-- run: SESSION -->    a shell block run by the test, in order with the other blocks of SESSION
 *   <!-- output -->          what the run block before it prints (`…` stands for any text in a line)
 *   <!-- not run: WHY -->    a block that cannot run here, and why (a sample, a registry install)
 */
export type BlockMarker =
  | { kind: 'example'; path: string }
  | { kind: 'run'; session: string }
  | { kind: 'output' }
  | { kind: 'not-run'; why: string }
  | { kind: 'none' };

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  marker: BlockMarker;
}

function markerOf(comment: string | undefined): BlockMarker {
  const m = comment?.match(/^<!-- (example|run|output|not run)(?:: (.+?))? -->$/);
  if (!m) return { kind: 'none' };
  if (m[1] === 'example' && m[2]) return { kind: 'example', path: m[2] };
  if (m[1] === 'run' && m[2]) return { kind: 'run', session: m[2] };
  if (m[1] === 'output' && !m[2]) return { kind: 'output' };
  if (m[1] === 'not run' && m[2]) return { kind: 'not-run', why: m[2] };
  return { kind: 'none' };
}

export function readmeBlocks(readme: string): ReadmeBlock[] {
  const lines = readme.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i]!.match(/^```(\S*)$/);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    blocks.push({ line: start + 1, lang: open[1] ?? '', code: body.length ? `${body.join('\n')}\n` : '', marker: markerOf(lines[start - 1]?.trim()) });
  }
  return blocks;
}

/** An output block's line as a pattern: `…` matches any text, everything else literally. */
export function outputLinePattern(line: string): RegExp {
  return new RegExp(line.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
}
