import { assertBuilt, cleanup, runCli } from './harness';

jest.setTimeout(30_000);
beforeAll(assertBuilt);
afterEach(cleanup);

const COMMANDS = ['serve', 'healthcheck', 'migrate', 'mint', 'check'] as const;

describe('exit status: 0 ok, 1 refused or unhealthy, 2 usage or configuration, the same for every command', () => {
  test.each(['(the program)', ...COMMANDS])('%s --help documents the three statuses and exits 0', async (command) => {
    const run = await runCli([...(command.startsWith('(') ? [] : [command]), '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\nExit status:\n {2}0 {2}\S.*\n {2}1 {2}\S.*\n {2}2 {2}usage\b/);
  });

  test.each([
    [['serve', '--bogus'], "error: unknown option '--bogus'"],
    [['--prot', '0'], "error: unknown option '--prot'\n(Did you mean --port?)"],
    [['healthcheck', '--wiat', '5'], "error: unknown option '--wiat'\n(Did you mean --wait?)"],
    [['migrate', 'extra'], "error: too many arguments for 'migrate'. Expected 0 arguments but got 1."],
    [['mint', '--secret', 's', '--email', 'a@example.com'], "error: required option '--profile <profile>' not specified"],
    [['check', '--profile', 'mojo', '--secret', 's'], "error: missing required argument 'token'"],
  ])("commander's own usage errors exit 2: %j", async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`${message}\n`)).toBe(true);
  });

  test('--version exits 0', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
