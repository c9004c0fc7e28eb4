import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadExpectedFailures } from '../conform/expected-failures';
import { planFor } from '../conform/plan';
import { htmlReport } from '../conform/reports/html';
import { jsonReport } from '../conform/reports/json';
import { junitReport } from '../conform/reports/junit';
import { conform } from '../conform/run';
import type { ConformResult } from '../conform/types';
import { PROFILE_IDS } from '../vendors';
import { suggestChoices } from './did-you-mean';
import { asSetupError, createDriver, progressLine, startRunReceiver, type ConformFlags } from './conform-setup';
import { exitStatusHelp, reportFailure } from './errors';
import { exitTwoOnUsageErrors, UsageError } from './usage';

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

function printModules(profile: string): void {
  process.stdout.write(
    planFor(profile)
      .map((m) => `${m.id.padEnd(20)} ${m.title}\n${' '.repeat(21)}rule: ${m.rule}\n`)
      .join(''),
  );
}

function writeReports(flags: ConformFlags, result: ConformResult): void {
  if (flags.json) writeFileSync(flags.json, jsonReport(result));
  if (flags.junit) writeFileSync(flags.junit, junitReport(result));
  if (flags.html) writeFileSync(flags.html, htmlReport(result));
}

function summary(result: ConformResult): string {
  const lines = result.modules.map((m) => `${`${m.status}${m.expected ? '*' : ''}`.padEnd(9)} ${m.id.padEnd(20)} ${m.summary}`);
  const counts = Object.entries(result.counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const expected = result.modules.some((m) => m.expected) ? ' (* expected failure)' : '';
  return `${lines.join('\n')}\n\n${result.vendorName}: ${result.outcome} (${counts}) in ${(result.durationMs / 1000).toFixed(1)} s${expected}\n`;
}

async function run(flags: ConformFlags): Promise<number> {
  if (flags.listModules) {
    if (!flags.profile) throw new UsageError('--list-modules needs --profile <id>');
    printModules(flags.profile);
    return 0;
  }
  const { driver, script } = await createDriver(flags);
  let receiver: Awaited<ReturnType<typeof startRunReceiver>> = null;
  try {
    receiver = await startRunReceiver(flags);
    const known = planFor(flags.profile ?? PROFILE_IDS[0]).map((m) => m.id);
    const unknown = (flags.modules ?? []).filter((id) => !known.includes(id));
    if (unknown.length > 0) throw new UsageError(`--modules: no module ${unknown.join(', ')} (modules: ${known.join(', ')})`);
    const expectedFailures = flags.expectedFailures ? loadExpectedFailures(flags.expectedFailures, known) : [];
    const result = await conform({
      ...(receiver ? { receiver } : { receiverUrl: flags.receiverUrl as string }),
      ...(flags.adminToken ? { adminToken: flags.adminToken } : {}),
      tenant: flags.tenant ?? 'default',
      secrets: flags.secret,
      ...(flags.idpLoginUrl ? { idpLoginUrl: flags.idpLoginUrl } : {}),
      ...(flags.logoutUrl ? { logoutUrl: flags.logoutUrl } : {}),
      driver,
      users: script?.users ?? {},
      ...(flags.modules ? { modules: flags.modules } : {}),
      expectedFailures,
      timeoutMs: flags.timeout * 1000,
      onModule(result, index, total) {
        if (process.stderr.isTTY) process.stderr.write(`${progressLine(result, index, total)}\n`);
      },
    });
    writeReports(flags, result);
    process.stdout.write(summary(result));
    return result.outcome === 'PASSED' ? 0 : 1;
  } finally {
    // The browser first: the receiver's close waits for the connections Chromium keeps alive.
    await driver.close();
    await receiver?.close();
  }
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
      try {
        process.exitCode = await run(flags);
      } catch (err) {
        process.exitCode = reportFailure(asSetupError(err));
      }
    });
  exitTwoOnUsageErrors(command);
}
