import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_PROFILE, PROFILE_IDS, type ProfileId } from '../vendors';
import { breakDoc, breakKinds, breaksFor, type BreakKind } from '../mint/breaks';
import { receiverBase } from '../mint/consume-request';
import type * as Mint from '../mint/mint';
import { suggestChoices } from './did-you-mean';
import { exitStatusHelp } from './errors';
import { UsageError, collectClaim, exitTwoOnUsageErrors, parseInstant, usageFailure } from './usage';

interface CliMintOptions {
  profile: ProfileId;
  secret: string;
  email: string;
  name?: string;
  claim: Array<[string, unknown]>;
  param: Array<[string, unknown]>;
  jti?: string;
  url?: string;
  at?: number;
  break?: BreakKind;
}

function urlOption(value: string): string {
  try {
    return receiverBase(value);
  } catch (err) {
    throw new InvalidArgumentError(`must be the receiver's (or a tenant's) http(s) base URL: ${(err as Error).message}`);
  }
}

function breaksHelp(): string {
  const kinds = breakKinds();
  const width = Math.max(...kinds.map((k) => k.length));
  const lines = kinds.map((kind) => `  ${kind.padEnd(width)}  ${breakDoc(kind)}`);
  const perProfile = PROFILE_IDS.map((p) => `  ${p}: ${breaksFor(p).join(', ')}`);
  return [
    '',
    'Breaks (--break <kind>): the wrong token each check exists to catch. The token is printed on stdout',
    'as usual; stderr says what was changed and which check refuses it with which code.',
    ...lines,
    '',
    'Breaks per profile (any other is a usage error, exit 2):',
    ...perProfile,
    '',
    'Examples:',
    `  helpdesk-jwt-receiver mint --profile ${DEFAULT_PROFILE} --secret "$SECRET" --email jane@example.com --name "Jane Doe"`,
    `  helpdesk-jwt-receiver mint --profile ${DEFAULT_PROFILE} --secret "$SECRET" --email jane@example.com --url http://127.0.0.1:8080`,
    `  helpdesk-jwt-receiver mint --profile ${DEFAULT_PROFILE} --secret "$SECRET" --email jane@example.com --break expired | \\`,
    `    helpdesk-jwt-receiver check --profile ${DEFAULT_PROFILE} --secret "$SECRET" -`,
  ].join('\n');
}

/** The token (or, with --url, the paste-ready consume request) for the options. */
async function mintForCli(opts: CliMintOptions): Promise<{ output: string; note: string | null }> {
  // Loaded here: the signer (jose's sign modules, the test keys) is for this command alone, not for `serve`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see above
  const { mint, MintOptionsError } = require('../mint/mint') as typeof Mint;
  try {
    const params = Object.fromEntries(opts.param.map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
    const minted = await mint({ ...opts, claims: Object.fromEntries(opts.claim), params });
    const { broken } = minted;
    const note = broken
      ? `--break ${broken.kind}: ${broken.explain}${broken.kind === 'replay' ? '' : `; expect ${broken.code} at check ${broken.check}`}`
      : null;
    return { output: minted.request ?? `${minted.token}\n`, note };
  } catch (err) {
    // The library names its options without dashes; the command line names its flags.
    if (err instanceof MintOptionsError) throw new UsageError(`--${err.message}`);
    throw err;
  }
}

export function registerMint(program: Command): void {
  const command = program
    .command('mint')
    .description('print a token the profile accepts (or, with --break, the deliberately wrong one); with --url, the consume request to paste')
    .addOption(suggestChoices(new Option('--profile <profile>', 'vendor profile').choices(PROFILE_IDS).makeOptionMandatory().env('HJR_PROFILE')))
    .addOption(new Option('--secret <secret>', "the tenant's shared secret (HS256 key)").makeOptionMandatory().env('HJR_SECRET'))
    .requiredOption('--email <email>', "the user's email address")
    .option('--name <name>', 'display name (first_name / last_name for Mojo and Zoho)')
    .option('--claim <name=value>', 'set a claim; value read as JSON when valid JSON, else a string (repeatable)', collectClaim, [])
    .option(
      '--param <name=value>',
      "with --url: a parameter the consume request carries beside the token (an OIDC state from the receiver's /login; repeatable)",
      collectClaim,
      [],
    )
    .option('--jti <id>', 'the jti (default: a random UUID) for the vendors that have one')
    .option('--url <url>', 'receiver or tenant base URL: print the consume URL / curl line instead of the bare token', urlOption)
    .option('--at <time>', 'mint as of this instant: ISO 8601 or milliseconds since the epoch (default: now)', parseInstant)
    .addOption(suggestChoices(new Option('--break <kind>', 'mint the wrong token a check exists to catch (see below)').choices(breakKinds())))
    .addHelpText('after', () => breaksHelp())
    .addHelpText(
      'after',
      exitStatusHelp('the token (or the consume request) is on stdout', 'an unexpected failure (a bug: please report it)', [
        'usage error: a bad flag or value, or a --break that does not apply to the profile',
      ]),
    )
    .action(async (opts: CliMintOptions) => {
      try {
        const { output, note } = await mintForCli(opts);
        process.stdout.write(output);
        if (note) process.stderr.write(`${note}\n`);
      } catch (err) {
        usageFailure(command, err);
      }
    });
  exitTwoOnUsageErrors(command);
}
