import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadConfig, type ConfigOverrides } from '../config/load';
import { createLogger, LOG_FORMATS, resolveLogFormat } from '../logging';
import type * as Banner from '../banner';
import type * as Server from '../server';
import { engineChoice, openEngineStore } from '../store/open-engine';
import { PROFILE_IDS } from '../vendors';
import { VERSION } from '../version';
import { suggestChoices } from './did-you-mean';
import { exitStatusHelp, listenProblem } from './errors';
import { exitTwoOnUsageErrors } from './usage';
import { readyFileContent, removeReadyFile, removeStaleReadyFile, writeReadyFile } from './ready-file';

/** The config overrides, and what only `serve` takes. */
interface ServeOptions extends ConfigOverrides {
  readyFile?: string;
  logFormat?: string;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

async function serve(opts: ServeOptions): Promise<void> {
  const { readyFile, logFormat: askedFormat, ...overrides } = opts;
  const config = loadConfig(overrides);
  const logFormat = resolveLogFormat(askedFormat);
  // A script that asks for JSON reads a JSON ready line (the bound URL of --port 0); a person, the banner.
  const jsonLines = askedFormat === 'json';
  if (readyFile) removeStaleReadyFile(readyFile);
  // The store first, the server's modules after: the store's worker thread boots (better-sqlite3,
  // migrations) on another core while this one loads Koa, the routes and the API. (The `import
  // type`s above keep these edges in sight of the import-boundary rules.)
  const store = openEngineStore(engineChoice(config));
  store.catch(() => {}); // startServer awaits it and reports a failure; this only marks it handled meanwhile
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the store is started, see above
  const { startServer } = require('../server') as typeof Server;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the store is started, see above
  const { readyLine, startupBanner } = require('../banner') as typeof Banner;
  const logger = createLogger({ level: config.server.logLevel, format: logFormat });
  const running = await startServer(config, { logger, store }).catch((err: unknown) => {
    throw listenProblem(err, config.server.host, config.server.port) ?? err;
  });
  process.stdout.write(`${(jsonLines ? readyLine : startupBanner)(running, VERSION, running.store.location)}\n`);
  if (readyFile) {
    try {
      writeReadyFile(readyFile, readyFileContent(running));
    } catch (err) {
      await running.close();
      throw err;
    }
  }
  const stop = (signal: string) => {
    if (readyFile) removeReadyFile(readyFile);
    process.stdout.write(
      jsonLines ? `${JSON.stringify({ event: 'stopping', signal })}\n` : `${signal}: finishing in-flight requests and closing the database\n`,
    );
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

export function registerServe(program: Command): void {
  const command = program
    .command('serve', { isDefault: true })
    .description('serve the receiver (one tenant of every vendor unless told otherwise: HappyFox at /, the others at /t/<profile>/)')
    .addOption(new Option('--config <file>', 'JSON config file with tenants').env('HJR_CONFIG'))
    .addOption(suggestChoices(new Option('--profile <profile>', 'profile of the default tenant').choices(PROFILE_IDS).env('HJR_PROFILE')))
    .addOption(new Option('--secret <secret>', 'secret of the default tenant (generated and kept in the database if absent)').env('HJR_SECRET'))
    .addOption(new Option('--host <host>', 'address to listen on (default 127.0.0.1)').env('HJR_HOST'))
    .addOption(new Option('--port <port>', 'port; 0 picks a free one (default 8080)').argParser(port).env('HJR_PORT'))
    .addOption(new Option('--db <file|url>', 'SQLite file, :memory:, or a postgres:// URL shared by replicas (default .receiver/receiver.db)').env('HJR_DB'))
    .addOption(new Option('--log-level <level>', 'fatal | error | warn | info | debug | silent').env('HJR_LOG_LEVEL'))
    .addOption(
      new Option('--admin-token <token>', 'bearer token for the inspection API (at least 16 characters); without it, loopback clients only').env(
        'HJR_ADMIN_TOKEN',
      ),
    )
    .addOption(
      new Option(
        '--log-format <format>',
        'pretty: one line per attempt (default on a terminal; NO_COLOR, FORCE_COLOR honoured) | json: JSON lines (default otherwise); asked for, json prints a JSON ready line instead of the banner',
      )
        .choices(LOG_FORMATS)
        .env('HJR_LOG_FORMAT'),
    )
    .addOption(
      new Option('--ready-file <path>', 'once listening, write {"url", "pid", "tenants"} as JSON here (atomically); removed on exit').env('HJR_READY_FILE'),
    )
    .addHelpText(
      'after',
      [
        exitStatusHelp(
          'stopped by SIGINT or SIGTERM after finishing in-flight requests',
          'a bug (please report it), or requests still in flight 10 s after the signal',
        ),
        '',
        'Scripts that start it in the background: `--port 0 --ready-file <path>`, then wait for the file',
        '(its "url" has the real port), or `healthcheck --wait <seconds>`.',
      ].join('\n'),
    )
    .action(serve);
  exitTwoOnUsageErrors(command);
}
