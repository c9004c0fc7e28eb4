/**
 * The engine knows no vendor by name: outside src/vendors/ no source file holds a vendor id as a
 * string literal (`'zendesk'`, `"mojo"`, `` `deskpro` ``), so no `profile === '…'` branch can creep
 * back in. Comments may name vendors (they explain); code asks the registry.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROFILE_IDS } from '../../src/vendors';

const root = join(__dirname, '..', '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The file without its comments (line and block), so only code is searched. */
function codeOf(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

test('no vendor id is a string literal in src/ outside src/vendors/', () => {
  const literal = new RegExp(`(['"\`])(${PROFILE_IDS.map((id) => id.replace(/-/g, '\\-')).join('|')})\\1`, 'g');
  const found = sourceFiles(src)
    .filter((path) => !relative(src, path).startsWith('vendors/'))
    .flatMap((path) => [...codeOf(readFileSync(path, 'utf8')).matchAll(literal)].map((m) => `${relative(root, path)}: ${m[0]}`));
  expect(found).toEqual([]);
});

test('the search itself finds a vendor id where one is written (the test can fail)', () => {
  const literal = new RegExp(`(['"\`])(${PROFILE_IDS.join('|')})\\1`);
  expect(literal.test(codeOf("if (profile === 'zendesk') return; // 'mojo'"))).toBe(true);
  expect(literal.test(codeOf("// if (profile === 'zendesk')\n/* 'mojo' */ const a = 1;"))).toBe(false);
});
