import { InvalidArgumentError, Option, type Command } from 'commander';
import { PROFILE_IDS } from '../vendors';
import type { ConformFlags } from './conform-setup';
import type * as ConformRun from './conform-run';
import { suggestChoices } from './did-you-mean';
import { exitStatusHelp } from './errors';
import { exitTwoOnUsageErrors } from './usage';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number of seconds above 0');
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

export function registerConform(program: Command): void {
  const command = program
    .command('conform')
    .description("drive an IdP through its vendor's test plan against a receiver; exit 0 all passed (or expected), 1 a module failed, 2 usage or set-up error")
    .addOption(
      suggestChoices(new Option('--profile <profile>', 'vendor profile of a tenant served at / (with --secret and --idp-login-url)').choices(PROFILE_IDS)),
    )
    .option('--secret <secret>', "the tenant's shared secret (repeatable, for rotation)", collect, [])
    .option('--public-key <pem file>', 'verify RS256 tokens with this public key instead of a secret')
    .option('--config <file>', 'a receiver config file (with --tenant)')
    .option('--tenant <id>', 'the tenant of --config or --receiver-url (default: default)')
    .option('--idp-login-url <url>', "the IdP's remote login URL (default: the tenant's remoteLoginUrl)")
    .option('--logout-url <url>', "the IdP's remote logout URL (default: the tenant's remoteLogoutUrl)")
    .option('--browser-script <file>', 'JSON or YAML: users by slot, and tasks per IdP page (fill, click, waitFor, wait) for headless Chromium')
    .option('--http-only', 'no browser: a cookie jar and redirects followed by hand (an IdP that logs a test user in without a form)')
    .option('--interactive', 'print each login URL and wait for a person to log in')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--html <file>', 'write a self-contained HTML report')
    .option('--json <file>', 'write the result as JSON')
    .option('--expected-failures <file>', 'module ids (a JSON/YAML list, or one per line) whose failure does not fail the run')
    .option('--modules <ids>', 'run only these modules (comma-separated)', list)
    .option('--list-modules', "list the modules of --profile's plan and exit")
    .option('--timeout <seconds>', 'per login', positive, 30)
    .addOption(new Option('--host <host>', 'address of the receiver this run starts (the IdP must reach it; default 127.0.0.1)').env('HJR_HOST'))
    .addOption(new Option('--port <port>', 'port of the receiver this run starts (default 0: a free one)').argParser(port).env('HJR_PORT'))
    .option('--receiver-url <url>', 'use a running receiver instead of starting one')
    .addOption(new Option('--admin-token <token>', "the running receiver's server.adminToken").env('HJR_ADMIN_TOKEN'))
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  helpdesk-jwt-receiver conform --list-modules --profile zendesk',
        '  helpdesk-jwt-receiver conform --profile happyfox --secret "$SECRET" --port 8080 \\',
        '    --idp-login-url https://idp.example/sso/happyfox --logout-url https://idp.example/logout \\',
        '    --browser-script idp-login.yaml --junit conform.xml --html conform.html',
        exitStatusHelp('every module PASSED, WARNING, SKIPPED or REVIEW, or failed as expected', 'a module FAILED', [
          'usage or set-up error: a bad flag, script or expected-failures file, no browser, a receiver that does not answer',
        ]),
      ].join('\n'),
    )
    .action(async (flags: ConformFlags) => {
      // Loaded now, not with the CLI: the conformance modules, drivers and reports are conform's alone
      // (`import type` above keeps the edge in sight of the import-boundary rules).
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see above
      const { runConform } = require('./conform-run') as typeof ConformRun;
      process.exitCode = await runConform(flags);
    });
  exitTwoOnUsageErrors(command);
}
