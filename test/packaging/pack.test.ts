/**
 * The package as a user gets it: `npm pack`, installed into a fresh project, then loaded with
 * `require` and with `import`, its bin run, and its declarations type-checked by a consumer.
 *
 * How the consumer gets its dependencies: `npm install <tarball> --prefer-offline --ignore-scripts`
 * resolves every dependency the tarball declares, from npm's cache when it has them, else from the
 * registry (no other network), so a runtime dependency kept in devDependencies would show here.
 * Install scripts are skipped, so nothing is compiled: better-sqlite3's native addon is the one
 * thing not taken from the install, it is the project's already-built copy, linked in.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const root = join(__dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JEST_') && k !== 'NODE_PATH' && k !== 'NODE_OPTIONS'));

let dir: string;
let consumer: string;
let files: string[];

async function run(command: string, args: string[], cwd = consumer): Promise<string> {
  try {
    return (await exec(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`, { cause: err });
  }
}
const node = (...args: string[]) => run(process.execPath, args);

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'index.mjs'))) throw new Error('dist/ is not built: run `npm run build` (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'hjr-pack-'));
  const [packed] = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', dir], root)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  files = packed!.files.map((f) => f.path);
  consumer = join(dir, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', join(dir, packed!.filename)]);
  rmSync(join(consumer, 'node_modules', 'better-sqlite3'), { recursive: true, force: true });
  symlinkSync(join(root, 'node_modules', 'better-sqlite3'), join(consumer, 'node_modules', 'better-sqlite3'), 'dir');
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  test('holds both entry points with their declarations, the bin, the migrations; no sources or tests', () => {
    for (const f of [
      'package.json',
      'README.md',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/index.mjs',
      'dist/index.d.mts',
      'dist/cli.js',
      'migrations/001_initial.sql',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|examples|bench|scripts)\//.test(f))).toEqual([]);
  });

  test('require() starts a receiver that judges a token, and closes it', async () => {
    const out = await node(
      '-e',
      `const { startReceiver, Clock } = require('helpdesk-jwt-receiver');
      (async () => {
        const rx = await startReceiver({ secret: 'pack-secret' });
        const res = await fetch(rx.url + '/jwt/?token=x', { redirect: 'manual' });
        console.log(res.headers.get('x-receiver-result'), (await rx.lastAttempt()).code, typeof Clock);
        await rx.close();
        try { require('helpdesk-jwt-receiver/dist/server.js'); } catch (e) { console.log(e.code); }
      })();`,
    );
    expect(out.trim().split('\n')).toEqual(['token_malformed token_malformed function', 'ERR_PACKAGE_PATH_NOT_EXPORTED']);
  }, 60_000);

  test('import starts a receiver and closes it; it is the same module require() loads', async () => {
    const out = await node(
      '--input-type=module',
      '-e',
      `import { startReceiver } from 'helpdesk-jwt-receiver';
      import * as esm from 'helpdesk-jwt-receiver';
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)('helpdesk-jwt-receiver');
      const rx = await startReceiver({ secret: 'pack-secret' });
      console.log((await fetch(rx.url + '/_receiver/health')).status);
      await rx.close();
      console.log(Object.keys(esm).sort().join() === Object.keys(cjs).sort().join(), esm.startReceiver === cjs.startReceiver, esm.ConfigError === cjs.ConfigError);`,
    );
    expect(out.trim().split('\n')).toEqual(['200', 'true true true']);
  }, 60_000);

  test('the bin runs', async () => {
    expect((await run(join(consumer, 'node_modules', '.bin', 'helpdesk-jwt-receiver'), ['--version'])).trim()).toBe(version);
  }, 60_000);

  test('a TypeScript consumer type-checks against the packed declarations, as ESM and as CommonJS', async () => {
    writeFileSync(
      join(consumer, 'esm.mts'),
      `import { startReceiver, checkToken, AttemptTimeoutError, type Attempt, type Receiver } from 'helpdesk-jwt-receiver';
const rx: Receiver = await startReceiver({ secret: 's', tenants: [{ id: 'support', profile: 'mojo', secret: 'x' }] });
const last: Attempt | undefined = await rx.lastAttempt({ tenant: 'support', code: 'token_expired', since: new Date() });
rx.clock.freeze(new Date());
rx.clock.advance(1_000);
// @ts-expect-error advance takes milliseconds as a number
rx.clock.advance('1s');
// @ts-expect-error not a stable error code
await rx.attempts({ code: 'expired' });
const waited: Promise<Attempt> = rx.waitForAttempt({ accepted: true }, 500);
const verdict = await checkToken({ profile: 'happyfox', secret: 's' }, 'x.y.z');
const code: string | null = verdict.code;
console.log(last, waited, code, AttemptTimeoutError);
await rx.close();
`,
    );
    writeFileSync(
      join(consumer, 'cjs.cts'),
      `import { startReceiver, type AttemptFilter, type User } from 'helpdesk-jwt-receiver';
const filter: AttemptFilter = { accepted: false, limit: 3 };
void startReceiver({ profile: 'mojo', secret: 's' }).then(async (rx) => {
  const users: User[] = await rx.users({ email: 'a@example.com' });
  return [await rx.attempts(filter), users];
});
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
        files: ['esm.mts', 'cjs.cts'],
      }),
    );
    expect(await node(join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.')).toBe('');
  }, 120_000);
});
