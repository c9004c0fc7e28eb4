import { InvalidArgumentError, Option, type Command } from 'commander';
import { ConfigError } from '../errors';
import type * as CheckToken from '../library/check-token';
import { PROFILES, PROFILE_IDS, type ProfileId } from '../vendors';
import type { Verdict } from '../verify/verdict';
import { suggestChoices } from './did-you-mean';
import { exitStatusHelp } from './errors';
import { UsageError, exitTwoOnUsageErrors, parseInstant, usageFailure } from './usage';

interface CheckOptions {
  profile: ProfileId;
  secret: string;
  at?: number;
  json?: boolean;
  option: Record<string, unknown>;
}

/** `--option strictDocs=true`: a tenant option, its value read as JSON when it is JSON, else as a string. */
function collectOption(pair: string, into: Record<string, unknown>): Record<string, unknown> {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`takes name=value (got ${JSON.stringify(pair)})`);
  const raw = pair.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // not JSON: the string itself
  }
  return { ...into, [pair.slice(0, eq)]: value };
}

/** Exit status: 0 accepted, 1 refused (2, a usage error, is set elsewhere). */
export const exitFor = (verdict: Verdict): number => (verdict.accepted ? 0 : 1);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The token argument, or stdin for `-`; white space around it (a trailing newline) is dropped. */
async function tokenFrom(arg: string): Promise<string> {
  const token = (arg === '-' ? await readStdin() : arg).trim();
  if (!token) throw new UsageError(arg === '-' ? 'no token on stdin' : 'no token given');
  return token;
}

/** The checks as a table: check, status, detail (the failing code first); a hint goes on its own line under its check. */
export function checksTable(verdict: Verdict): string {
  const rows = verdict.checks.map((c) => [c.name, c.status, c.code ? `${c.code}: ${c.message}` : c.message, c.hint] as const);
  const all = [['check', 'status', 'detail', undefined] as const, ...rows];
  const w0 = Math.max(...all.map((r) => r[0].length));
  const w1 = Math.max(...all.map((r) => r[1].length));
  const indent = ' '.repeat(w0 + w1 + 4);
  return all.map(([a, b, c, hint]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}${hint ? `\n${indent}how to fix: ${hint}` : ''}`).join('\n');
}

/** One line: accepted, or the code, the check that decided and the vendor's own words. */
export function verdictLine(verdict: Verdict, profile: ProfileId, atMs: number): string {
  const { vendor, replayKey } = PROFILES[profile];
  const at = new Date(atMs).toISOString();
  if (!verdict.accepted) {
    const failed = verdict.checks.find((c) => c.status === 'fail');
    return `verdict: refused with ${verdict.code ?? 'an unknown code'} at check ${failed?.name ?? '?'} (${at}); ${vendor} says "${verdict.message ?? ''}"`;
  }
  const warnings = verdict.checks.filter((c) => c.status === 'warn').length;
  const once = `; single-use values are not redeemed offline: a receiver accepts them once, if it issued them`;
  const replay =
    replayKey === 'none'
      ? ''
      : replayKey === 'once'
        ? once
        : `; replay is not checked offline: a receiver accepts this ${replayKey === 'jti' ? 'jti' : 'token'} once`;
  return `verdict: accepted by ${vendor} (${at})${warnings > 0 ? ` with ${warnings} warning(s)` : ''}${replay}`;
}

export function registerCheck(program: Command): void {
  const command = program
    .command('check')
    .description('judge a token offline, as a default tenant of the profile would (nothing is consumed); exit 0 accepted, 1 refused, 2 usage error')
    .argument('<token>', 'the JWT, or - to read it from stdin')
    .addOption(suggestChoices(new Option('--profile <profile>', 'vendor profile').choices(PROFILE_IDS).makeOptionMandatory().env('HJR_PROFILE')))
    .addOption(new Option('--secret <secret>', "the tenant's shared secret").makeOptionMandatory().env('HJR_SECRET'))
    .option('--at <time>', 'judge as of this instant: ISO 8601 or milliseconds since the epoch (default: now)', parseInstant)
    .option('--json', 'print the verdict as JSON instead of the table')
    .option(
      '--option <name=value>',
      "a tenant option, as in the config file's tenants[].options (repeatable), e.g. strictDocs=true, allowAltClaims=true, maxIatAgeSeconds=300",
      collectOption,
      {},
    )
    .addHelpText(
      'after',
      [
        '',
        'The table lists every check (pass / fail / warn / skip) with its numbers, then the verdict line.',
        'Replay needs a second use, so only a running receiver checks it (mint --break replay).',
        '',
        'Examples:',
        '  helpdesk-jwt-receiver check --profile happyfox --secret "$SECRET" "$TOKEN"',
        '  echo "$TOKEN" | helpdesk-jwt-receiver check --profile zendesk --secret "$SECRET" --json -',
        exitStatusHelp('accepted', 'refused (the failing check and its code are in the output)', [
          'usage error: a bad flag or value, an unknown --option, or no token',
        ]),
      ].join('\n'),
    )
    .action(async (arg: string, opts: CheckOptions) => {
      try {
        const token = await tokenFrom(arg);
        const atMs = opts.at ?? Date.now();
        // Loaded here: the offline judge is for this command alone (`serve` loads the pipeline it needs itself).
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see above
        const { checkToken } = require('../library/check-token') as typeof CheckToken;
        let verdict: Verdict;
        try {
          verdict = await checkToken({ profile: opts.profile, secret: opts.secret, options: opts.option as never }, token, atMs);
        } catch (err) {
          if (err instanceof ConfigError)
            throw new UsageError(
              err.problems
                .join('; ')
                .replace(/tenants\[0\]\.options\./g, '--option ')
                .replace(/tenants\[0\]\./g, '--'),
            );
          throw err;
        }
        process.stdout.write(opts.json ? `${JSON.stringify(verdict, null, 2)}\n` : `${checksTable(verdict)}\n\n${verdictLine(verdict, opts.profile, atMs)}\n`);
        process.exitCode = exitFor(verdict);
      } catch (err) {
        usageFailure(command, err);
      }
    });
  exitTwoOnUsageErrors(command);
}
