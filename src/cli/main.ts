import { Command } from 'commander';
import { registerCheck } from './check';
import { registerConform } from './conform';
import { unknownCommandMessage } from './did-you-mean';
import { EXIT, exitStatusHelp, reportFailure } from './errors';
import { registerHealthcheck } from './healthcheck';
import { registerMigrate } from './migrate';
import { registerMint } from './mint';
import { registerServe } from './serve';
import { exitOnCommanderError } from './usage';
import { VENDOR_MODULE_FLAG } from './vendor-module-flag';
import { registerVendorModules, takeVendorModules } from './vendor-modules';
import { VERSION } from '../version';

// Vendors of one's own first: the commands' --profile and --break choices are built from the registry.
let args: string[];
try {
  const taken = takeVendorModules(process.argv.slice(2), process.env);
  registerVendorModules(taken.modules);
  args = taken.argv;
} catch (err) {
  process.exit(reportFailure(err));
}

// exitOverride and showHelpAfterError are set before the commands are added: they inherit them.
const program = new Command('helpdesk-jwt-receiver')
  .description('A local stand-in for helpdesk JWT single-sign-on endpoints (HappyFox, Mojo Helpdesk, Deskpro, Zendesk, Zoho Desk ASAP).')
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride(exitOnCommanderError)
  .addHelpText(
    'after',
    exitStatusHelp(
      'success (serve: stopped by a signal; check: accepted; healthcheck: healthy)',
      'refused (check), unhealthy (healthcheck), or an unexpected failure',
    ),
  )
  .addHelpText(
    'after',
    `\nVendors of your own: ${VENDOR_MODULE_FLAG} <file> (repeatable, any command) or HJR_VENDOR_MODULES=<file,...> loads a module exporting { vendor }.`,
  );

registerServe(program);
registerHealthcheck(program);
registerMigrate(program);
registerMint(program);
registerCheck(program);
registerConform(program);

const unknownCommand = unknownCommandMessage(program, args);
if (unknownCommand) {
  process.stderr.write(`error: ${unknownCommand}\n`);
  process.exit(EXIT.usage);
}
program.parseAsync(args, { from: 'user' }).catch((err: unknown) => process.exit(reportFailure(err)));
