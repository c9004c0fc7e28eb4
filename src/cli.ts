#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { readyLine, startupBanner } from './banner';
import { registerCheck } from './cli/check';
import { registerMint } from './cli/mint';
import { loadConfig } from './config/load';
import { ConfigError } from './errors';
import { createLogger, LOG_FORMATS, resolveLogFormat } from './logging';
import { PROFILE_IDS } from './profiles';
import { startServer } from './server';
import { openDatabase } from './store/database';
import { VERSION } from './version';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

const program = new Command('helpdesk-jwt-receiver')
  .description('A local stand-in for helpdesk JWT single-sign-on endpoints (HappyFox, Mojo Helpdesk).')
  .version(VERSION)
  .showHelpAfterError();

program
  .command('serve', { isDefault: true })
  .description('serve the receiver (a default HappyFox tenant unless told otherwise)')
  .addOption(new Option('--config <file>', 'JSON config file with tenants').env('HJR_CONFIG'))
  .addOption(new Option('--profile <profile>', 'profile of the default tenant').choices(PROFILE_IDS).env('HJR_PROFILE'))
  .addOption(new Option('--secret <secret>', 'secret of the default tenant (generated and kept in the database if absent)').env('HJR_SECRET'))
  .addOption(new Option('--host <host>', 'address to listen on (default 127.0.0.1)').env('HJR_HOST'))
  .addOption(new Option('--port <port>', 'port; 0 picks a free one (default 8080)').argParser(port).env('HJR_PORT'))
  .addOption(new Option('--db <file>', 'SQLite file or :memory: (default .receiver/receiver.db)').env('HJR_DB'))
  .addOption(new Option('--log-level <level>', 'fatal | error | warn | info | debug | silent').env('HJR_LOG_LEVEL'))
  .addOption(new Option('--admin-token <token>', 'bearer token for the inspection API (at least 16 characters); without it, loopback clients only').env('HJR_ADMIN_TOKEN'))
  .addOption(new Option('--log-format <format>', 'pretty: one line per attempt (default on a terminal; NO_COLOR, FORCE_COLOR honoured) | json: JSON lines (default otherwise); asked for, json prints a JSON ready line instead of the banner').choices(LOG_FORMATS).env('HJR_LOG_FORMAT'))
  .action(async (opts: { config?: string; profile?: string; secret?: string; host?: string; port?: number; db?: string; logLevel?: string; adminToken?: string; logFormat?: string }) => {
    const config = loadConfig(opts);
    const logFormat = resolveLogFormat(opts.logFormat);
    // A script that asks for JSON reads a JSON ready line (the bound URL of --port 0); a person, the banner.
    const jsonLines = opts.logFormat === 'json';
    const running = await startServer(config, { logger: createLogger({ level: config.server.logLevel, format: logFormat }) });
    process.stdout.write(`${(jsonLines ? readyLine : startupBanner)(running, VERSION, config.server.db)}\n`);
    const stop = (signal: string) => {
      process.stdout.write(jsonLines ? `${JSON.stringify({ event: 'stopping', signal })}\n` : `${signal}: finishing in-flight requests and closing the database\n`);
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      void running.close().then(() => process.exit(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });

program
  .command('healthcheck')
  .description('exit 0 when the receiver at --url answers its health check, 1 otherwise')
  .addOption(new Option('--url <url>', 'receiver base URL').default('http://127.0.0.1:8080').env('HJR_URL'))
  .addOption(new Option('--timeout <ms>', 'give up after this many milliseconds').default('3000'))
  .action(async (opts: { url: string; timeout: string }) => {
    try {
      const res = await fetch(new URL('/_receiver/health', opts.url), { signal: AbortSignal.timeout(Number(opts.timeout)) });
      const body = (await res.json()) as { status?: string };
      process.stdout.write(`${res.status} ${body.status ?? ''}\n`);
      process.exitCode = res.ok && body.status === 'ok' ? 0 : 1;
    } catch (err) {
      process.stderr.write(`unhealthy: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  });

program
  .command('migrate')
  .description('create or upgrade the database, then exit')
  .addOption(new Option('--db <file>', 'SQLite file').default('.receiver/receiver.db').env('HJR_DB'))
  .action((opts: { db: string }) => {
    const db = openDatabase(opts.db, 2000);
    const version = db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get();
    db.close();
    process.stdout.write(`${opts.db}: schema version ${String(version)}\n`);
  });

registerMint(program);
registerCheck(program);

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`helpdesk-jwt-receiver: ${(err as Error).message}\n`);
  process.exit(1);
});
