import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILE_IDS } from '../../src/vendors';
import { STACK_FRAME, assertBuilt, cleanup, runCli, tempDir, type CliRun } from './harness';

jest.setTimeout(30_000);
beforeAll(assertBuilt);
afterEach(cleanup);

const PROFILES = PROFILE_IDS.join(', ');

/** Writes `content` as a config file and runs `command` with it. */
async function withConfig(command: 'serve' | 'migrate', content: string): Promise<CliRun & { path: string }> {
  const dir = tempDir();
  const path = join(dir, 'receiver.json');
  writeFileSync(path, content);
  const extra = command === 'serve' ? ['--port', '0', '--log-level', 'silent'] : [];
  const run = await runCli([command, '--config', path, '--db', join(dir, 'r.db'), ...extra], { cwd: dir });
  return { ...run, path };
}

function expectConfigError(run: CliRun & { path: string }, problems: string[]): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`error: ${run.path}: invalid configuration\n${problems.map((p) => `  - ${p}\n`).join('')}`);
  expect(run.stderr).not.toMatch(STACK_FRAME);
}

describe('a config file that is not valid JSON: line, column, cause, and an excerpt that shows no value', () => {
  const secret = 'file-secret-never-printed-0123';

  test.each(['serve', 'migrate'] as const)('%s: a missing comma points at the line after it', async (command) => {
    const text = `{\n  "server": { "port": 8080 },\n  "tenants": [\n    { "id": "acme", "profile": "happyfox", "secret": "${secret}" }\n    { "id": "beta", "profile": "mojo", "secret": "x" }\n  ]\n}\n`;
    const run = await withConfig(command, text);
    expectConfigError(run, [
      [
        "is not valid JSON at line 5, column 5: Expected ',' or ']' after array element (a comma missing before this point?)",
        '    4 |     { "id": "…", "profile": "…", "secret": "…" }',
        '    5 |     { "id": "…", "profile": "…", "secret": "…" }',
        '      |     ^',
      ].join('\n'),
    ]);
    expect(run.stderr).not.toContain(secret);
  });

  test('a trailing comma', async () => {
    const run = await withConfig('serve', `{\n  "tenants": [\n    { "id": "a", "profile": "happyfox", "secret": "${secret}", }\n  ]\n}\n`);
    expectConfigError(run, [
      [
        `is not valid JSON at line 3, column ${55 + secret.length}: Expected double-quoted property name (JSON allows no comma before a closing bracket)`,
        '    2 |   "tenants": [',
        '    3 |     { "id": "…", "profile": "…", "secret": "…", }',
        `      | ${' '.repeat('    { "id": "…", "profile": "…", "secret": "…", '.length)}^`,
      ].join('\n'),
    ]);
    expect(run.stderr).not.toContain(secret);
  });

  test('a comment, with CRLF line ends', async () => {
    const run = await withConfig('serve', '{\r\n  // my receiver\r\n  "tenants": []\r\n}\r\n');
    expectConfigError(run, [
      "is not valid JSON at line 2, column 3: Expected property name or '}' (JSON has no comments)\n    1 | {\n    2 |   // my receiver\n      |   ^",
    ]);
  });

  test('single quotes', async () => {
    const run = await withConfig('serve', "{ 'tenants': [] }");
    expectConfigError(run, [
      "is not valid JSON at line 1, column 3: Expected property name or '}' (JSON strings take double quotes)\n    1 | { 'tenants': [] }\n      |   ^",
    ]);
  });

  test('a file cut short, and an empty file', async () => {
    const run = await withConfig('serve', '{\n  "tenants": [\n');
    expectConfigError(run, [
      'is not valid JSON at line 3, column 1: Unexpected end of JSON input (the file ends early: a closing } or ] missing?)\n    2 |   "tenants": [\n    3 | \n      | ^',
    ]);
    expectConfigError(await withConfig('serve', '\n'), ['is empty: a config file holds one JSON object, e.g. { "tenants": [ ... ] }']);
  });

  test('a byte-order mark is not an error', async () => {
    const dir = tempDir();
    const path = join(dir, 'bom.json');
    writeFileSync(path, `\uFEFF${JSON.stringify({ server: { db: join(dir, 'bom.db') } })}`);
    const run = await runCli(['migrate', '--config', path], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${join(dir, 'bom.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: schema version \\d+\\n$`));
  });
});

describe('did you mean: unknown settings at every level, profiles', () => {
  test.each(['serve', 'migrate'] as const)('%s: each unknown setting with the one it resembles; no guess for a word like none', async (command) => {
    const config = {
      sever: {},
      server: { prot: 8080, logLevl: 'info' },
      store: { attemptsPerTenants: 10 },
      tenants: [
        {
          id: 'acme',
          profile: 'happyfox',
          secret: 'acme-secret',
          remoteLoginURL: 'https://idp.example.com/sso',
          whitelist: { domain: ['example.com'] },
          options: { strictdocs: true, maxIatAge: 300, colour: 'blue' },
        },
      ],
    };
    const run = await withConfig(command, JSON.stringify(config));
    expectConfigError(run, [
      'server.prot is not a known setting; did you mean port?',
      'server.logLevl is not a known setting; did you mean logLevel?',
      'store.attemptsPerTenants is not a known setting; did you mean attemptsPerTenant?',
      'tenants[0].whitelist.domain is not a known setting; did you mean domains?',
      'tenants[0].options.strictdocs is not a known setting; did you mean strictDocs?',
      'tenants[0].options.maxIatAge is not a known setting; did you mean maxIatAgeSeconds?',
      'tenants[0].options.colour is not a known setting',
      'tenants[0].remoteLoginURL is not a known setting; did you mean remoteLoginUrl?',
      'sever is not a known setting; did you mean server?',
    ]);
  });

  test('"profile": "zendsk" in the file; other enums too; "salesforce" gets no guess', async () => {
    const tenants = [
      { id: 'a', profile: 'zendsk', secret: 's' },
      // Not "freshdesk": it begins freshdesk-simple-sso, so it is guessed now.
      { id: 'b', profile: 'salesforce', secret: 's' },
      { id: 'c', profile: 'happyfox', secret: 's', whitelist: { enabled: true, mode: 'referrer' } },
    ];
    // migrate: serve's --log-level flag would override the file's logLevel.
    const run = await withConfig('migrate', JSON.stringify({ server: { logLevel: 'warning' }, tenants }));
    expectConfigError(run, [
      'server.logLevel must be one of fatal, error, warn, info, debug, silent; did you mean warn?',
      `tenants[0].profile must be one of ${PROFILES}; did you mean zendesk?`,
      `tenants[1].profile must be one of ${PROFILES}`,
      'tenants[2].whitelist.mode must be one of referer, email, either; did you mean referer?',
    ]);
  });

  test('--profile happyfx and HJR_PROFILE=zendsk: exit 2 with the profile meant', async () => {
    const dir = tempDir();
    const flag = await runCli(['serve', '--profile', 'happyfx', '--port', '0', '--db', join(dir, 'r.db')], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe(
      `error: option '--profile <profile>' argument 'happyfx' is invalid. Allowed choices are ${PROFILES}; did you mean happyfox?\n(serve --help shows the usage)\n`,
    );
    const env = await runCli(['mint', '--secret', 's', '--email', 'a@example.com'], { cwd: dir, env: { HJR_PROFILE: 'zendsk' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain(`value 'zendsk' from env 'HJR_PROFILE' is invalid. Allowed choices are ${PROFILES}; did you mean zendesk?`);
    const far = await runCli(['check', '--profile', 'okta', '--secret', 's', 'a.b.c'], { cwd: dir });
    expect(far.code).toBe(2);
    expect(far.stderr).toContain(`argument 'okta' is invalid. Allowed choices are ${PROFILES}\n`);
  });

  test('mint --break expird: the break meant', async () => {
    const run = await runCli(['mint', '--profile', 'mojo', '--secret', 's', '--email', 'a@example.com', '--break', 'expird']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/argument 'expird' is invalid\. Allowed choices are .*; did you mean expired\?\n/);
  });
});

describe('an unknown command (serve, the default, would take it as an argument)', () => {
  test.each([
    [['srve', '--port', '0'], "error: unknown command 'srve'; did you mean serve?"],
    [['helthcheck'], "error: unknown command 'helthcheck'; did you mean healthcheck?"],
    [['mnt', '--profile', 'mojo', '--email', 'a@example.com'], "error: unknown command 'mnt'; did you mean mint?"],
    [['start'], "error: unknown command 'start'"],
  ])('%j', async (args, first) => {
    const dir = tempDir();
    const run = await runCli(args, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${first}\n(helpdesk-jwt-receiver --help lists the commands: serve, healthcheck, migrate, mint, check)\n`);
  });

  test("a stray word after serve's options is still a usage error, exit 2", async () => {
    const dir = tempDir();
    const run = await runCli(['--port', '0', '--db', join(dir, 'r.db'), 'extra'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain('listening on');
    expect(run.stderr).toMatch(/^error: too many arguments for 'serve'/);
  });
});
