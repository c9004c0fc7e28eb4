import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

/** The environment without jest's own variables, so the child runs as it would from a shell. */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JEST_') && k !== 'NODE_ENV'));
}

describe('the README vitest example', () => {
  // The README quotes examples/vitest/receiver.test.ts (test/docs/readme-blocks.test.ts checks it).
  // It runs here under vitest itself, against the built package (`helpdesk-jwt-receiver` resolves
  // to dist/ through the package's own `exports`), and is type-checked against the built declarations.
  test('the vitest example passes under vitest and type-checks', async () => {
    if (!existsSync(join(root, 'dist', 'index.mjs'))) throw new Error('dist/index.mjs is missing: run `npm run build` (npm test does)');
    const env = childEnv();
    const [vitest, tsc] = await Promise.all([
      run('npx', ['vitest', 'run', '--config', 'examples/vitest/vitest.config.mts', '--reporter', 'verbose'], {
        cwd: root,
        env: { ...env, NO_COLOR: '1', CI: '1' },
      }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`vitest failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
      }),
      run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'examples/vitest'], { cwd: root, env }).catch(
        (e: { stdout?: string; message: string }) => {
          throw new Error(`tsc -p examples/vitest failed:\n${e.stdout ?? e.message}`);
        },
      ),
    ]);
    expect(vitest.stdout).toMatch(/Test Files\s+1 passed \(1\)/);
    expect(vitest.stdout).toMatch(/Tests\s+2 passed \(2\)/);
    expect(tsc.stdout).toBe('');
  }, 60_000);
});
