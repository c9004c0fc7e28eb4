/**
 * The package installed the ways the README's Install section gives, each into a fresh project with
 * every install script running as it would for a user (better-sqlite3 compiles, a git install runs
 * `prepare`): from a tarball `npm pack` made, and from a git URL of this repository (git+file://, so
 * what is installed is the committed HEAD). Each project then runs the bin with npx, `require`,
 * `import`, and the README's jest example (examples/jest: its files, its install line) under jest,
 * and type-checks that example with the TypeScript npm resolves today and the README's tsconfig.
 *
 * It reaches the npm registry (the only network here) for the consumers' dependencies; npm's cache
 * answers after the first run.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const root = join(__dirname, '..', '..');
const example = join(root, 'examples', 'jest');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JEST_') && !['NODE_PATH', 'NODE_OPTIONS', 'NODE_ENV'].includes(k)));
const NPM_QUIET = ['--no-audit', '--no-fund', '--prefer-offline'];
const INSTALL_TIMEOUT = 600_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hjr-install-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(cwd: string, command: string, args: string[]): Promise<string> {
  try {
    return (await exec(command, args, { cwd, env: { ...env, NO_COLOR: '1', CI: '1' }, maxBuffer: 32 * 1024 * 1024 })).stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`, { cause: err });
  }
}

/** The README's `npm install --save-dev …` line for the jest example, as words. */
function jestInstallArgs(): string[] {
  const line = readFileSync(join(example, 'install.sh'), 'utf8').trim();
  const words = line.split(/\s+/);
  if (words[0] !== 'npm' || words[1] !== 'install') throw new Error(`examples/jest/install.sh is not one npm install line: ${line}`);
  return words.slice(1);
}

/** A fresh project with the package installed from `spec` and the README's jest example beside it. */
async function consumer(name: string, spec: string): Promise<string> {
  const cwd = join(dir, name);
  mkdirSync(cwd);
  writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: `consumer-${name}`, version: '1.0.0', private: true, scripts: { test: 'jest' } }, null, 2));
  await run(cwd, 'npm', ['install', ...NPM_QUIET, spec]);
  await run(cwd, 'npm', [...jestInstallArgs(), ...NPM_QUIET]);
  for (const file of ['receiver.test.ts', 'tsconfig.json', 'jest.config.js']) copyFileSync(join(example, file), join(cwd, file));
  return cwd;
}

/** What every install must give: the bin, require, import, and the README's jest example passing. */
async function expectWorkingInstall(cwd: string): Promise<void> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  expect((await run(cwd, 'npx', ['helpdesk-jwt-receiver', '--version'])).trim()).toBe(version);

  const probe = `(async () => {
    const rx = await startReceiver({ secret: 'install-secret' });
    const { token } = await mint({ profile: 'happyfox', secret: 'install-secret', email: 'jane@example.com' });
    const res = await fetch(rx.url + '/jwt/?token=' + token, { redirect: 'manual' });
    console.log(res.headers.get('x-receiver-result'));
    await rx.close();
  })()`;
  expect((await run(cwd, process.execPath, ['-e', `const { startReceiver, mint } = require('helpdesk-jwt-receiver'); ${probe}`])).trim()).toBe('accepted');
  expect(
    (await run(cwd, process.execPath, ['--input-type=module', '-e', `import { startReceiver, mint } from 'helpdesk-jwt-receiver'; await ${probe};`])).trim(),
  ).toBe('accepted');

  await run(cwd, 'npm', ['test', '--', '--ci', '--json', '--outputFile=jest-result.json']);
  const report = JSON.parse(readFileSync(join(cwd, 'jest-result.json'), 'utf8')) as { numPassedTests: number; numFailedTests: number; success: boolean };
  expect({ passed: report.numPassedTests, failed: report.numFailedTests, success: report.success }).toEqual({ passed: 3, failed: 0, success: true });
}

/** The README's tsconfig type-checks the example under the TypeScript npm resolves when none is named. */
async function expectTypeCheckWithLatestTypeScript(cwd: string): Promise<void> {
  const checker = join(cwd, '.latest-typescript');
  mkdirSync(checker);
  writeFileSync(join(checker, 'package.json'), '{"private":true}');
  await run(checker, 'npm', ['install', ...NPM_QUIET, 'typescript']);
  const tsc = join(checker, 'node_modules', '.bin', 'tsc');
  const tscVersion = (await run(cwd, tsc, ['--version'])).trim();
  expect(tscVersion).toMatch(/^Version \d+\.\d+\.\d+/);
  expect({ tscVersion, out: await run(cwd, tsc, ['-p', 'tsconfig.json']) }).toEqual({ tscVersion, out: '' });
}

describe('installing the package as the README says', () => {
  test(
    'from a tarball made by npm pack: bin, require, import, the jest example, and its types under the latest TypeScript',
    async () => {
      const [packed] = JSON.parse(await run(root, 'npm', ['pack', '--json', '--pack-destination', dir])) as Array<{ filename: string }>;
      const cwd = await consumer('tarball', join(dir, packed!.filename));
      await expectWorkingInstall(cwd);
      await expectTypeCheckWithLatestTypeScript(cwd);
    },
    INSTALL_TIMEOUT,
  );

  test(
    'from a git URL of the repository (prepare builds dist/ on install): bin, require, import and the jest example',
    async () => {
      const head = (await run(root, 'git', ['rev-parse', 'HEAD'])).trim();
      const cwd = await consumer('git', `git+file://${root}#${head}`);
      await expectWorkingInstall(cwd);
    },
    INSTALL_TIMEOUT,
  );
});
