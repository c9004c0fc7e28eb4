import { isAscii } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertBuilt, cleanup, CLI, cleanEnv, tempDir } from './harness';

/**
 * The CLI's bundle runs with V8's code cache (src/cli/run-bundle.ts): a run keeps what V8 compiled
 * beside the bundle, the next start takes it back. A cache that belongs to another bundle, or that V8
 * refuses, is remade; a folder the process cannot write only means no cache.
 */
const RUN_BUNDLE = resolve(__dirname, '..', '..', 'dist', 'cli', 'run-bundle.js');

beforeAll(assertBuilt);
afterEach(cleanup);

/** Runs `file` through runBundle in a fresh node, as dist/cli.js does: its stdout. */
const runThrough = (file: string) =>
  execFileSync(process.execPath, ['-e', `require(${JSON.stringify(RUN_BUNDLE)}).runBundle(${JSON.stringify(file)})`], { encoding: 'utf8', env: cleanEnv() });

/** A small "bundle": CommonJS that uses require, module and __dirname, as esbuild's output does. */
function writeBundle(dir: string, answer: number): string {
  const file = join(dir, 'bundle.js');
  writeFileSync(
    file,
    `const { basename } = require('node:path');\nmodule.exports = ${answer};\nprocess.stdout.write(basename(__dirname) + ' ' + module.exports + ' ' + (require.cache[__filename] === module));\n`,
  );
  return file;
}

const cacheKey = (file: string) => {
  const { size, mtimeMs } = statSync(file);
  return `${size}:${mtimeMs}\n`;
};

test('a first run keeps the compiled code under the bundle’s key; the next run answers the same with it', () => {
  const dir = tempDir();
  const file = writeBundle(dir, 41);
  expect(runThrough(file)).toBe(`${dir.split('/').pop()} 41 true`);
  const cache = readFileSync(`${file}.v8-cache`);
  expect(cache.subarray(0, cacheKey(file).length).toString()).toBe(cacheKey(file));
  expect(cache.length).toBeGreaterThan(cacheKey(file).length);
  const before = statSync(`${file}.v8-cache`).mtimeMs;
  expect(runThrough(file)).toBe(`${dir.split('/').pop()} 41 true`);
  expect(statSync(`${file}.v8-cache`).mtimeMs).toBe(before); // accepted: not written again
});

test('a rebuilt bundle of the same length is not run with the old code: its cache is remade', () => {
  const dir = tempDir();
  const file = writeBundle(dir, 41);
  runThrough(file);
  writeBundle(dir, 42); // same length, other code
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  expect(runThrough(file)).toMatch(/ 42 true$/);
  expect(readFileSync(`${file}.v8-cache`).subarray(0, cacheKey(file).length).toString()).toBe(cacheKey(file));
});

test('a damaged cache with the right key is refused by V8 and remade; the program runs all the same', () => {
  const dir = tempDir();
  const file = writeBundle(dir, 7);
  writeFileSync(`${file}.v8-cache`, Buffer.concat([Buffer.from(cacheKey(file)), Buffer.alloc(512, 0xab)]));
  expect(runThrough(file)).toMatch(/ 7 true$/);
  expect(readFileSync(`${file}.v8-cache`).subarray(cacheKey(file).length).equals(Buffer.alloc(512, 0xab))).toBe(false);
});

test('a cache it cannot write (its path taken by a folder, which even root cannot replace with a file): no cache, no litter, and the program runs', () => {
  const dir = tempDir();
  const file = writeBundle(dir, 9);
  mkdirSync(`${file}.v8-cache`);
  expect(runThrough(file)).toMatch(/ 9 true$/);
  expect(statSync(`${file}.v8-cache`).isDirectory()).toBe(true);
  expect(readdirSync(dir).sort()).toEqual(['bundle.js', 'bundle.js.v8-cache']);
});

test('the CLI itself runs its bundle with the cache: a short command leaves one made from the current bundle', () => {
  const bundle = join(resolve(CLI, '..'), 'cli-bundle.js');
  expect(execFileSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', env: cleanEnv() }).trim()).toMatch(/^\d+\.\d+\.\d+/);
  expect(readFileSync(`${bundle}.v8-cache`).subarray(0, cacheKey(bundle).length).toString()).toBe(cacheKey(bundle));
});

test('the bundle’s text: ASCII is read as Latin-1 (the fast way), anything else as UTF-8; the CLI’s own bundle is ASCII', () => {
  const dir = tempDir();
  const file = join(dir, 'bundle.js');
  writeFileSync(file, `process.stdout.write(${JSON.stringify('caf\u00e9 \u2014 \u2714')} + ' ' + ${JSON.stringify('plain')});\n`);
  expect(runThrough(file)).toBe('caf\u00e9 \u2014 \u2714 plain');
  // esbuild escapes what is not ASCII except in a tagged template's text (src/conform/reports/html.ts writes &mdash;).
  const bundle = readFileSync(resolve(__dirname, '..', '..', 'dist', 'cli-bundle.js'));
  expect(isAscii(bundle)).toBe(true);
});
