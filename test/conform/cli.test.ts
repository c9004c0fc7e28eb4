/**
 * `helpdesk-jwt-receiver conform` as a script runs it: the built CLI against the Node sample IdP,
 * exit 0 / 1 / 2, the JUnit file read back by junit2json, --modules, --list-modules,
 * --expected-failures, --receiver-url against a running receiver, and a YAML browser script.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { progressLine } from '../../src/cli/conform-setup';
import { startReceiver } from '../../src/library/receiver';
import { assertBuilt, cleanup, closedPort, runCli, tempDir } from '../cli/harness';
import { IDP_SECRET, MODULE_IDS, type SampleIdp } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startIdp } = require('./idps/node-idp.js') as { startIdp(config: Record<string, unknown>): Promise<SampleIdp> };
const JUNIT2JSON = resolve(__dirname, '..', '..', 'node_modules', 'junit2json', 'dist', 'esm', 'cli.js');

interface JUnitJson {
  tests: number;
  failures: number;
  skipped: number;
  testsuite: Array<{
    testcase: Array<{ name: string; failure?: Array<{ message: string }>; skipped?: unknown; properties?: Array<{ name: string; value: unknown }> }>;
  }>;
}
const parseJUnit = (file: string): JUnitJson => JSON.parse(execFileSync(process.execPath, [JUNIT2JSON, file], { encoding: 'utf8' })) as JUnitJson;

beforeAll(assertBuilt);
afterEach(cleanup);

/** A receiver port and a sample IdP that sends browsers to it; the flags that tie them together. */
async function setup(vendor: string, flaw: string | null = null, form = false): Promise<{ idp: SampleIdp; flags: string[]; dir: string }> {
  const port = await closedPort();
  const consume = vendor === 'zendesk' ? '/access/jwt' : '/jwt/';
  const idp = await startIdp({ vendor, secret: IDP_SECRET, flaw, form, consumeUrl: `http://127.0.0.1:${port}${consume}` });
  const flags = ['--profile', vendor, '--secret', IDP_SECRET, '--port', String(port), '--idp-login-url', idp.loginUrl, '--logout-url', idp.logoutUrl];
  return { idp, flags, dir: tempDir() };
}

test('a correct IdP: exit 0, one line per module, JUnit with one test case per module, JSON and HTML', async () => {
  const { idp, flags, dir } = await setup('happyfox');
  try {
    const files = { junit: join(dir, 'c.xml'), json: join(dir, 'c.json'), html: join(dir, 'c.html') };
    const run = await runCli(['conform', ...flags, '--http-only', '--junit', files.junit, '--json', files.json, '--html', files.html], { ms: 30_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASSED +happy-path +the token passes HappyFox's rules$/m);
    expect(run.stdout).toMatch(/HappyFox: PASSED \(9 PASSED, 3 SKIPPED\)/);
    const junit = parseJUnit(files.junit);
    expect(junit).toMatchObject({ tests: 12, failures: 0, skipped: 3 });
    expect(junit.testsuite[0]?.testcase.map((t) => t.name)).toContain('iat-freshness');
    expect(JSON.parse(readFileSync(files.json, 'utf8'))).toMatchObject({ vendor: 'happyfox', outcome: 'PASSED', counts: { PASSED: 9, SKIPPED: 3, FAILED: 0 } });
    expect(readFileSync(files.html, 'utf8')).toContain('<span class="PASSED" id="outcome">PASSED</span>');
  } finally {
    await idp.close();
  }
});

test('a broken IdP: exit 1 and a JUnit failure on its module; listed in --expected-failures: exit 0', async () => {
  const { idp, flags, dir } = await setup('zendesk', 'ignore-logout');
  try {
    const junit = join(dir, 'c.xml');
    const failed = await runCli(['conform', ...flags, '--http-only', '--junit', junit], { ms: 30_000 });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^FAILED +logout +the IdP did not end its session$/m);
    const report = parseJUnit(junit);
    expect(report.failures).toBe(1);
    expect(report.testsuite[0]?.testcase.find((t) => t.name === 'logout')?.failure?.[0]?.message).toBe('the IdP did not end its session');
    const expected = join(dir, 'expected.txt');
    writeFileSync(expected, '# known: our IdP keeps its session\nlogout\n');
    const passed = await runCli(['conform', ...flags, '--http-only', '--expected-failures', expected, '--junit', junit], { ms: 30_000 });
    expect(passed.code).toBe(0);
    expect(passed.stdout).toMatch(/^FAILED\* +logout/m);
    expect(parseJUnit(junit).failures).toBe(0);
  } finally {
    await idp.close();
  }
});

test('--modules runs only those; --list-modules lists the plan', async () => {
  const { idp, flags } = await setup('happyfox');
  try {
    const run = await runCli(['conform', ...flags, '--http-only', '--modules', 'happy-path,transport'], { ms: 30_000 });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').slice(0, -2)).toHaveLength(2);
  } finally {
    await idp.close();
  }
  const list = await runCli(['conform', '--list-modules', '--profile', 'mojo']);
  expect(list.code).toBe(0);
  expect(list.stdout.match(/^[a-z-]+ {2,}/gm)?.map((s) => s.trim())).toEqual(MODULE_IDS);
});

test.each([
  [['--profile', 'happyfox', '--secret', 's', '--idp-login-url', 'http://127.0.0.1:9/login'], /say how to get through the IdP/],
  [['--profile', 'happyfox', '--secret', 's', '--idp-login-url', 'http://127.0.0.1:9/login', '--http-only', '--modules', 'nope'], /--modules: no module nope/],
  [['--profile', 'happyfox', '--secret', 's', '--browser-script', '/nonexistent.yaml'], /cannot read \/nonexistent.yaml/],
  [['--profile', 'happyfox', '--http-only'], /--profile needs --secret/],
  [['--http-only', '--receiver-url', 'http://127.0.0.1:9'], /does not answer/],
])('usage and set-up errors exit 2: %j', async (args, message) => {
  const run = await runCli(['conform', ...args]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
});

test('--receiver-url: a running receiver, its attempts read from the inspection API', async () => {
  const port = await closedPort();
  const idp = await startIdp({ vendor: 'happyfox', secret: IDP_SECRET, consumeUrl: `http://127.0.0.1:${port}/t/acme/jwt/` });
  const receiver = await startReceiver({
    port,
    tenants: [{ id: 'acme', profile: 'happyfox', secret: IDP_SECRET, remoteLoginUrl: idp.loginUrl, remoteLogoutUrl: idp.logoutUrl }],
  });
  try {
    const run = await runCli(['conform', '--receiver-url', receiver.url, '--tenant', 'acme', '--http-only', '--secret', IDP_SECRET], { ms: 30_000 });
    expect(run.stdout).toMatch(/HappyFox: PASSED \(9 PASSED, 3 SKIPPED\)/);
    expect(run.code).toBe(0);
    expect((await receiver.attempts({ tenant: 'acme' })).length).toBeGreaterThanOrEqual(12);
  } finally {
    await receiver.close();
    await idp.close();
  }
});

test('a YAML browser script drives Chromium through the IdP login form', async () => {
  const { idp, flags, dir } = await setup('happyfox', null, true);
  try {
    const script = join(dir, 'idp.yaml');
    writeFileSync(
      script,
      [
        'users:',
        '  default: { username: alice, password: alice-pw }',
        'pages:',
        '  - match: "/login"',
        '    tasks:',
        '      - fill: "#username"',
        '        value: "{{user.username}}"',
        '      - fill: "#password"',
        '        value: "{{user.password}}"',
        '      - click: "#signin"',
        '',
      ].join('\n'),
    );
    const html = join(dir, 'c.html');
    const run = await runCli(['conform', ...flags, '--browser-script', script, '--modules', 'happy-path,logout', '--html', html], { ms: 60_000 });
    expect(run.stdout).toMatch(/HappyFox: PASSED \(2 PASSED\)/);
    expect(run.code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('src="data:image/jpeg;base64,');
  } finally {
    await idp.close();
  }
}, 90_000);

test('the progress line: position, status, module, summary', () => {
  const line = progressLine(
    {
      id: 'transport',
      title: '',
      rule: '',
      source: '',
      status: 'FAILED',
      expected: false,
      summary: 'GET /access/jwt: Zendesk needs POST',
      evidence: [],
      durationMs: 5,
    },
    5,
    11,
  );
  expect(line).toBe('[ 6/11] FAILED   transport            GET /access/jwt: Zendesk needs POST');
});
