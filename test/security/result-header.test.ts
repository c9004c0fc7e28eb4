/**
 * `X-Receiver-Result` is written in one place: the routes and renderers say what happened in
 * `ctx.state.result`, and src/http/middleware/result-header.ts turns that into the header (its
 * `resultHeader` also serves the raw socket answers, which have no Koa context). A second writer
 * could disagree with the first; this test finds one in any form: `set('X-Receiver-Result', ...)`,
 * `{ 'X-Receiver-Result': ... }`, or a raw `X-Receiver-Result: ...` line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const WRITER = 'src/http/middleware/result-header.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Each line that is code (not a comment line), with its file and number. */
function codeLines(): Array<{ file: string; line: number; text: string }> {
  return sourceFiles(join(ROOT, 'src')).flatMap((path) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .map((text, i) => ({ file: relative(ROOT, path), line: i + 1, text }))
      .filter(({ text }) => !/^\s*(?:\/\/|\/\*|\*)/.test(text)),
  );
}

/** The header name as a whole string literal, or followed by a colon (a header line or an object key). */
const WRITE = /['"`]X-Receiver-Result['"`]|X-Receiver-Result['"`]?\s*:/i;
/** Reading it (`headers.get('X-Receiver-Result')`) is no write. */
const READ = /\.(?:get|has)\(\s*['"`]X-Receiver-Result['"`]\s*\)/i;
const isWrite = (text: string): boolean => WRITE.test(text.replace(READ, ''));

describe('X-Receiver-Result is written in one place', () => {
  const lines = codeLines();

  test('the header name is written only by middleware/result-header.ts', () => {
    const writes = lines.filter(({ text }) => isWrite(text)).map(({ file, line }) => `${file}:${line}`);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(new RegExp(`^${WRITER}:`));
  });

  test('any other mention is a read or a list of header names (CORS exposure), never a write', () => {
    const others = lines.filter(({ file, text }) => file !== WRITER && /X-Receiver-Result/i.test(text.replace(READ, '')));
    for (const { text } of others) expect(text).toMatch(/X-Receiver-Result, |, X-Receiver-Result/);
  });

  test('its helper is used by the Koa middleware beside it and by the raw socket answers only', () => {
    const users = [...new Set(lines.filter(({ text }) => /\bresultHeader\(/.test(text)).map(({ file }) => file))].sort();
    expect(users).toEqual(['src/http/middleware/result-header.ts', 'src/http/parser-errors.ts']);
  });

  test('the test sees a write when there is one (the patterns match each form)', () => {
    for (const write of [
      "ctx.set('X-Receiver-Result', code);",
      'ctx.set({ "X-Receiver-Result": code });',
      'res.setHeader(`X-Receiver-Result`, code);',
      '`X-Receiver-Result: ${code}\\r\\n`',
    ]) {
      expect(isWrite(write)).toBe(true);
    }
    expect(isWrite("const EXPOSED = 'X-Receiver-Result, WWW-Authenticate';")).toBe(false);
    expect(isWrite("const result = res.headers.get('X-Receiver-Result');")).toBe(false);
  });
});
