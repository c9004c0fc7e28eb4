/**
 * The import boundaries of eslint.config.mjs hold: for each layer a forbidden import is reported and
 * an allowed one is not, linted with the repository's own config (so a rule that stops applying, a
 * `files` glob that stops matching or a block that replaces another fails here). The real tree is
 * held to them by `npm run lint`, which `.ci/run` runs (checked below), so a violation fails CI.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const RULE = '@typescript-eslint/no-restricted-imports';

interface Message {
  ruleId: string | null;
  line: number;
  message: string;
}

/** [file it pretends to be, one import line, whether the boundary rule must report it] */
type Case = [filePath: string, code: string, reported: boolean];

const CASES: Case[] = [
  // the pipeline knows no Koa and no SQLite
  ['src/verify/x.ts', "import { createApp } from '../http/app';", true],
  ['src/verify/x.ts', "import type { ReceiverState } from '../http/state';", true],
  ['src/verify/x.ts', "export { html } from '../http/pages/html';", true],
  ['src/verify/deeper/x.ts', "import { createApp } from '../../http/app';", true],
  ['src/verify/x.ts', "import { Store } from '../store';", true],
  ['src/verify/x.ts', "import type { SessionRow } from '../store/sessions';", true],
  ['src/verify/x.ts', "import Koa from 'koa';", true],
  ['src/verify/x.ts', "import type Router from '@koa/router';", true],
  ['src/verify/x.ts', "import Database from 'better-sqlite3';", true],
  ['src/verify/x.ts', "import { VENDORS } from '../vendors';", true],
  ['src/verify/x.ts', "import type { Identity } from '../vendors';", false],
  ['src/verify/x.ts', "import { fail, settle } from './verdict';", false],
  ['src/verify/x.ts', "import { compactVerify } from 'jose';", false],
  ['src/verify/x.ts', "import type { ErrorCode } from '../errors';", false],
  // the store records; it does not judge, serve or know vendors
  ['src/store/x.ts', "import { createApp } from '../http/app';", true],
  ['src/store/x.ts', "import type { AppDeps } from '../http/state';", true],
  ['src/store/x.ts', "import { settle } from '../verify/verdict';", true],
  ['src/store/x.ts', "import type { Verdict } from '../verify/verdict';", false],
  ['src/store/x.ts', "import { VENDORS } from '../vendors';", true],
  ['src/store/x.ts', "import type { Identity } from '../vendors';", false],
  ['src/store/x.ts', "import type { Context } from 'koa';", true],
  ['src/store/x.ts', "import Database from 'better-sqlite3';", false],
  // vendor folders reach the HTTP layer through its vendor kit only
  ['src/vendors/acme/routes.ts', "import { html, page, type AppDeps } from '../../http/vendor-kit';", false],
  ['src/vendors/acme/routes.ts', "import type { AppDeps } from '../../http/state';", true],
  ['src/vendors/acme/routes.ts', "import { html } from '../../http/pages/html';", true],
  ['src/vendors/acme/routes.ts', "import { readSessionCookie } from '../../http/middleware/session-cookie';", true],
  ['src/vendors/acme/routes.ts', "import { createApp } from '../../http';", true],
  ['src/vendors/acme/routes.ts', "import { x } from '../../http/vendor-kit-extra';", true],
  ['src/vendors/types.ts', "import type { AppDeps } from '../http/state';", true],
  ['src/vendors/types.ts', "import type { AppDeps } from '../http/vendor-kit';", false],
  ['src/vendors/acme/routes.ts', "import Database from 'better-sqlite3';", true],
  ['src/vendors/acme/routes.ts', "import type { UserRow } from '../../store/users';", false],
  ['src/vendors/acme/contract.ts', "import { fail } from '../../verify/verdict';", false],
  // nothing outside src/store/ talks to SQLite (tests may, to read what the receiver wrote)
  ['src/http/x.ts', "import Database from 'better-sqlite3';", true],
  ['src/cli/x.ts', "import type { Database } from 'better-sqlite3';", true],
  ['src/server.ts', "import Database from 'better-sqlite3';", true],
  ['scripts/x.ts', "import Database from 'better-sqlite3';", true],
  ['bench/x.ts', "import Database from 'better-sqlite3';", true],
  ['src/store/database.ts', "import Database from 'better-sqlite3';", false],
  ['test/store/x.test.ts', "import Database from 'better-sqlite3';", false],
  // the HTTP layer itself may use its own parts
  ['src/http/x.ts', "import { html } from './pages/html';", false],
];

/** Lints each snippet with the repository's ESLint config, in one child process (see lint-snippets.mjs). */
function lint(snippets: { filePath: string; code: string }[]): Message[][] {
  const run = spawnSync(process.execPath, [join(__dirname, 'lint-snippets.mjs'), root], {
    cwd: root,
    input: JSON.stringify(snippets),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`lint-snippets.mjs exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Message[][];
}

let results: Message[][];
let escapes: Message[][];
beforeAll(() => {
  const all = lint([
    ...CASES.map(([filePath, code]) => ({ filePath, code: `${code}\n` })),
    { filePath: 'src/verify/x.ts', code: "export async function load() {\n  return import('../http/app');\n}\n" },
    { filePath: 'src/verify/x.ts', code: "export type Deps = import('../http/state').AppDeps;\n" },
  ]);
  results = all.slice(0, CASES.length);
  escapes = all.slice(CASES.length);
}, 60_000);

describe('import boundaries (eslint.config.mjs)', () => {
  test.each(CASES.map((c, i) => [...c, i] as const))('%s: %s is reported: %s', (_file, code, reported, i) => {
    const boundary = (results[i] ?? []).filter((m) => m.ruleId === RULE);
    const source = /from '([^']+)'/.exec(code)?.[1];
    if (reported) {
      expect(boundary).toHaveLength(1);
      expect(boundary[0]).toMatchObject({ line: 1, message: expect.stringContaining(`'${source}' import is restricted`) });
    } else {
      expect(boundary).toEqual([]);
    }
    // Nothing but the unused binding of a one-line snippet may be reported besides: no parse error
    // or other rule can hide or stand in for the boundary rule.
    expect((results[i] ?? []).filter((m) => m.ruleId !== RULE && m.ruleId !== '@typescript-eslint/no-unused-vars')).toEqual([]);
  });

  test('a dynamic import() or an import() type, which the boundary rules cannot see, is refused in src/', () => {
    expect(escapes.map((messages) => messages.map((m) => [m.ruleId, m.line]))).toEqual([[['no-restricted-syntax', 2]], [['no-restricted-syntax', 1]]]);
  });

  test('CI lints after the type-check and before the tests, and a violation fails it', () => {
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.lint).toMatch(/^eslint --max-warnings 0 \.$/);
    expect(ci).toMatch(/^set -euo pipefail$/m);
    const at = (line: string) => ci.split('\n').indexOf(line);
    expect(at('npm run --silent typecheck')).toBeGreaterThan(-1);
    expect(at('npm run --silent lint')).toBeGreaterThan(at('npm run --silent typecheck'));
    expect(at('npm test 2>&1 | tee /tmp/hjr-ci-test.log')).toBeGreaterThan(at('npm run --silent lint'));
  });
});
