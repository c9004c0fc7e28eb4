import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertBuilt, cleanup, serve, tempDir, type CliProcess } from './harness';

/**
 * `serve` loads what answering requests needs and leaves the rest for first use: its start-up was
 * three times bare Koa's, most of it modules no request of a SQLite receiver touches (`npm run
 * bench`, start-up to ready). Each file named below must stay out of a fresh server's process; the
 * control (what must be there) keeps the file list honest.
 *
 * The CLI runs from one bundled file (dist/cli-bundle.js, scripts/bundle-cli.js), in which the
 * modules keep their laziness (a require() in a function runs the module's body on first use): the
 * laziness is checked on the same program run from its modules (HJR_CLI_UNBUNDLED=1, what a vendor
 * plug-in gets), and the bundle is checked to be what runs and to hold none of what it leaves out.
 */
const ROOT = resolve(__dirname, '..', '..');
const PRELOAD = join(__dirname, '..', 'helpers', 'loaded-modules.js');
const PLUGIN = join(__dirname, '..', 'vendors', 'throwaway', 'acme-desk.js');

beforeAll(assertBuilt);
afterEach(cleanup);

/** The files the server's main thread has loaded now (asked by SIGUSR2, see the preload). */
async function loadedFiles(proc: CliProcess, out: string): Promise<string[]> {
  rmSync(out, { force: true });
  proc.child.kill('SIGUSR2');
  for (let i = 0; i < 200 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 25));
  return readFileSync(out, 'utf8')
    .split('\n')
    .map((file) => file.replace(`${ROOT}/`, ''));
}

const loads = (files: string[], prefix: string) => files.some((f) => f.startsWith(prefix));

/** Left for first use; none is needed to answer a login or health on SQLite with JSON log lines. */
const NOT_AT_START = [
  'node_modules/pg/', // the PostgreSQL engine: only for a postgres:// URL
  'node_modules/pg-pool/',
  'node_modules/playwright-core/', // conform's browser
  'node_modules/junit-report-builder/', // conform's reports
  'node_modules/yaml/', // conform's input files
  'node_modules/pino-pretty/', // the pretty log format (a terminal)
  'node_modules/better-sqlite3/', // SQLite belongs to the store's worker thread
  'dist/conform/',
  'dist/cli/conform-run.js',
  'dist/index.js', // the library's entry (everything it exports)
  'dist/http/api/openapi.js', // the OpenAPI document and the response schemas, until it is asked for
  'dist/http/api/schemas/', // every response schema (zod, built at import): the handlers take SESSION_REF_LENGTH from session-ref.js
  'node_modules/jose/dist/node/cjs/index.js', // jose's index (83 files): the verifier and signer import its subpaths (30)
  'node_modules/zod/v3/', // zod's v3 API: only a plug-in's require('zod') needs it (the built-in vendors use zod/v4)
  'node_modules/@koa/bodyparser/', // request bodies: only a POST reads one (GET logins and health do not)
  'node_modules/co-body/',
  'node_modules/qs/',
  'dist/library/check-token.js', // the `check` command's offline judge
  'dist/mint/mint.js', // minting: the `mint` command; serving a login never signs
  'dist/mint/claims.js',
  'node_modules/jose/dist/node/cjs/jws/compact/sign.js',
  'node_modules/jose/dist/node/cjs/jws/flattened/sign.js',
];

/** Left out of the bundle: loaded from node_modules on first use (scripts/bundle-cli.js EXTERNAL, zodOnDemand). */
const NOT_IN_BUNDLE = NOT_AT_START.filter((prefix) => prefix.startsWith('node_modules/') && !prefix.startsWith('node_modules/jose/')).concat([
  'node_modules/zod/v4/locales/index.cjs', // every locale but English (zod's own default, which it loads)
  'dist/index.js',
]);

test('serve on SQLite answers health without loading PostgreSQL, conform, pino-pretty or the OpenAPI document; the document loads on its first GET', async () => {
  const dir = tempDir();
  const out = join(dir, 'loaded.txt');
  const env = { NODE_OPTIONS: `--require ${PRELOAD}`, HJR_TEST_LOADED_OUT: out, HJR_CLI_UNBUNDLED: '1' };
  const { proc, url } = await serve(['--port', '0', '--db', join(dir, 'r.db')], { env, cwd: dir });
  const health = await fetch(`${url}/_receiver/health`);
  expect(health.status).toBe(200);

  const atStart = await loadedFiles(proc, out);
  expect(NOT_AT_START.filter((prefix) => loads(atStart, prefix))).toEqual([]);
  // The control: the list is the server's own.
  expect(['dist/server.js', 'dist/http/app.js', 'node_modules/koa/', 'node_modules/jose/'].filter((prefix) => !loads(atStart, prefix))).toEqual([]);

  const doc = await fetch(`${url}/_receiver/openapi.json`);
  expect(doc.status).toBe(200);
  expect(((await doc.json()) as { components: { schemas: Record<string, unknown> } }).components.schemas).toHaveProperty('Health');
  const afterDoc = await loadedFiles(proc, out);
  expect(loads(afterDoc, 'dist/http/api/openapi.js')).toBe(true);
  expect(NOT_AT_START.filter((prefix) => !prefix.includes('/http/api/') && loads(afterDoc, prefix))).toEqual([]);
});

test('serve runs from the bundle, which holds none of what it leaves for first use; a vendor plug-in gets the modules', async () => {
  const inputs = Object.keys((JSON.parse(readFileSync(join(ROOT, 'dist', 'cli-bundle.meta.json'), 'utf8')) as { inputs: object }).inputs);
  expect(inputs).toContain('dist/server.js'); // the control: the list is the bundle's
  expect(NOT_IN_BUNDLE.filter((prefix) => inputs.some((input) => input.startsWith(prefix)))).toEqual([]);

  const dir = tempDir();
  const out = join(dir, 'loaded.txt');
  const env = { NODE_OPTIONS: `--require ${PRELOAD}`, HJR_TEST_LOADED_OUT: out };
  const bundled = await serve(['--port', '0', '--db', join(dir, 'r.db')], { env, cwd: dir });
  expect((await fetch(`${bundled.url}/_receiver/health`)).status).toBe(200);
  const atStart = await loadedFiles(bundled.proc, out);
  expect(atStart.filter((f) => f.startsWith('dist/'))).toEqual([
    'dist/cli.js',
    'dist/cli/prestart-store.js',
    'dist/store/postgres/url.js',
    'dist/store/worker-thread.js', // the launcher starts the store's worker with it; the bundle's store takes the worker from it
    'dist/cli/run-bundle.js',
    'dist/cli/vendor-module-flag.js',
    'dist/cli-bundle.js',
  ]);
  expect(NOT_IN_BUNDLE.filter((prefix) => loads(atStart, prefix))).toEqual([]);

  const plugged = await serve(['--vendor-module', PLUGIN, '--port', '0', '--db', join(dir, 'p.db')], { env, cwd: dir });
  const withPlugin = await loadedFiles(plugged.proc, out);
  expect(['dist/cli/main.js', 'dist/server.js', 'dist/index.js'].filter((prefix) => !loads(withPlugin, prefix))).toEqual([]);
  expect(loads(withPlugin, 'dist/cli-bundle.js')).toBe(false);
});

test('the bundle holds one copy of each package release (koa and type-is each install mime-types 3.0.2 and mime-db 1.54.0)', () => {
  const inputs = Object.keys((JSON.parse(readFileSync(join(ROOT, 'dist', 'cli-bundle.meta.json'), 'utf8')) as { inputs: object }).inputs);
  const copies = new Map<string, Set<string>>(); // name@version -> package folders in the bundle
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match) continue;
    const root = match[1] as string;
    const { name, version } = JSON.parse(readFileSync(join(ROOT, root, 'package.json'), 'utf8')) as { name: string; version: string };
    copies.set(`${name}@${version}`, (copies.get(`${name}@${version}`) ?? new Set()).add(root));
  }
  expect([...copies].filter(([, roots]) => roots.size > 1).map(([id, roots]) => `${id}: ${[...roots].join(', ')}`)).toEqual([]);
  // The control: both releases are there, once each, beside the older mime-types at the top level (accepts').
  expect(copies.get('mime-types@3.0.2')?.size).toBe(1);
  expect(copies.get('mime-db@1.54.0')?.size).toBe(1);
  expect(copies.get('mime-types@2.1.35')?.size).toBe(1);
});

test("health answers its JSON without loading node's fetch implementation (undici, on a first object body); an API answer then loads it", async () => {
  const dir = tempDir();
  const out = join(dir, 'loaded.txt');
  const env = { NODE_OPTIONS: `--require ${PRELOAD}`, HJR_TEST_LOADED_OUT: out };
  const { proc, url } = await serve(['--port', '0', '--db', join(dir, 'r.db')], { env, cwd: dir });
  const health = await fetch(`${url}/_receiver/health`);
  expect(health.status).toBe(200);
  expect(health.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const text = await health.text();
  expect(Number(health.headers.get('content-length'))).toBe(Buffer.byteLength(text));
  expect(JSON.parse(text)).toMatchObject({ status: 'ok', database: 'ok' });
  const UNDICI = 'builtin:internal/deps/undici/undici';
  expect((await loadedFiles(proc, out)).includes(UNDICI)).toBe(false);
  // The control: an object body (the API's attempts) loads it.
  expect((await fetch(`${url}/_receiver/attempts`)).status).toBe(200);
  expect((await loadedFiles(proc, out)).includes(UNDICI)).toBe(true);
});

test('the first POST with a body loads the body parser, and the body is read (a malformed token, not a missing one)', async () => {
  const dir = tempDir();
  const out = join(dir, 'loaded.txt');
  const env = { NODE_OPTIONS: `--require ${PRELOAD}`, HJR_TEST_LOADED_OUT: out };
  const { proc, url } = await serve(['--port', '0', '--db', join(dir, 'r.db')], { env, cwd: dir });
  expect(loads(await loadedFiles(proc, out), 'node_modules/@koa/bodyparser/')).toBe(false);
  const res = await fetch(`${url}/t/zendesk/access/jwt`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'jwt=not-a-token',
    redirect: 'manual',
  });
  expect(res.status).toBe(401);
  expect(((await res.json()) as { code: string }).code).toBe('token_malformed');
  expect(loads(await loadedFiles(proc, out), 'node_modules/@koa/bodyparser/')).toBe(true);
});

test('the pretty log format loads pino-pretty (what the JSON format leaves out)', async () => {
  const dir = tempDir();
  const out = join(dir, 'loaded.txt');
  const env = { NODE_OPTIONS: `--require ${PRELOAD}`, HJR_TEST_LOADED_OUT: out };
  const { proc } = await serve(['--port', '0', '--db', join(dir, 'r.db'), '--log-format', 'pretty'], { env, cwd: dir });
  expect(loads(await loadedFiles(proc, out), 'node_modules/pino-pretty/')).toBe(true);
});
