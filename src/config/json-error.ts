import { parse as parseAst } from '@humanwhocodes/momoa';

/**
 * A config file's JSON syntax error in a person's terms: line, column, a likely cause, and the two
 * lines around the spot with a caret. JSON.parse stays the judge (its reason is the clearest); the
 * offset comes from its message when it gives one (`at position 130`), else from momoa, which
 * locates every syntax error. The excerpt masks string values: a config file holds secrets.
 */
export function jsonSyntaxProblem(text: string, err: Error): string {
  if (text.trim() === '') return 'is empty: a config file holds one JSON object, e.g. { "tenants": [ ... ] }';
  const reason = plainReason(err.message);
  const offset = errorOffset(text, err.message);
  if (offset === undefined) return `is not valid JSON: ${reason}`;
  const { line, column } = lineColumn(text, offset);
  const hint = likelyCause(text, offset, reason);
  return `is not valid JSON at line ${line}, column ${column}: ${reason}${hint ? ` (${hint})` : ''}\n${excerpt(text, line, column)}`;
}

/** V8's message without its position and without its quote of the text (which may hold a secret). */
function plainReason(message: string): string {
  return message
    .replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?$/, '')
    .replace(/^(Unexpected token '.+?'), ".*" is not valid JSON$/s, '$1')
    .replace(/^"[\s\S]*" is not valid JSON$/, 'unexpected input');
}

function errorOffset(text: string, message: string): number | undefined {
  const at = / at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  try {
    parseAst(text, { mode: 'json' });
  } catch (err) {
    const offset = (err as { offset?: unknown }).offset;
    if (typeof offset === 'number') return offset;
  }
  return undefined;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** The usual slips of a JSON file written by hand. */
function likelyCause(text: string, offset: number, reason: string): string | undefined {
  const at = text[offset];
  const previous = text.slice(0, offset).trimEnd().at(-1);
  if (at === '/' || at === '#') return 'JSON has no comments';
  if ((at === '}' || at === ']') && previous === ',') return 'JSON allows no comma before a closing bracket';
  if (at === "'") return 'JSON strings take double quotes';
  if (offset >= text.length) return 'the file ends early: a closing } or ] missing?';
  if (reason.startsWith("Expected ',' or")) return 'a comma missing before this point?';
  return undefined;
}

const STRING = /"(?:[^"\\]|\\.)*(?:"|$)/g;
const WIDTH = 100;

/**
 * One line with its string values shown as "…" (names of settings stay), and where `index` moved:
 * inside a masked value it points at the value's opening quote.
 */
function masked(line: string, index: number): { text: string; index: number } {
  let text = '';
  let last = 0;
  let moved = index;
  for (const match of line.matchAll(STRING)) {
    const start = match.index;
    const end = start + match[0].length;
    const isName = match[0].length > 1 && match[0].endsWith('"') && /^\s*:/.test(line.slice(end));
    const shown = isName ? match[0] : match[0].endsWith('"') && match[0].length > 1 ? '"…"' : '"…';
    text += line.slice(last, start) + shown;
    if (index >= end) moved += shown.length - match[0].length;
    else if (index > start) moved = text.length - shown.length;
    last = end;
  }
  return { text: text + line.slice(last), index: moved };
}

function excerpt(text: string, line: number, column: number): string {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const number = (n: number) => String(n).padStart(String(line).length);
  const shown: string[] = [];
  if (line >= 2) shown.push(`    ${number(line - 1)} | ${clip(masked(lines[line - 2]!, 0).text, 0).text}`);
  const here = masked(lines[line - 1] ?? '', column - 1);
  const clipped = clip(here.text, here.index);
  shown.push(`    ${number(line)} | ${clipped.text}`);
  const pad = clipped.text.slice(0, clipped.index).replace(/[^\t]/g, ' ');
  shown.push(`    ${' '.repeat(String(line).length)} | ${pad}^`);
  return shown.join('\n');
}

/** A long line (a minified file) cut to a window around `index`. */
function clip(line: string, index: number): { text: string; index: number } {
  if (line.length <= WIDTH) return { text: line, index };
  const start = Math.max(0, Math.min(index - WIDTH / 2, line.length - WIDTH));
  const head = start > 0 ? '…' : '';
  const tail = start + WIDTH < line.length ? '…' : '';
  return { text: `${head}${line.slice(start, start + WIDTH)}${tail}`, index: index - start + head.length };
}
