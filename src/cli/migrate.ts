import { Option, type Command } from 'commander';
import { loadConfig } from '../config/load';
import type * as SqliteDatabase from '../store/database';
import type * as OpenEngine from '../store/open-engine';
import { latestPostgresVersion } from '../store/postgres/migrate';
import { isPostgresUrl } from '../store/postgres/url';
import { exitStatusHelp } from './errors';
import { exitTwoOnUsageErrors } from './usage';

/**
 * Creates or upgrades the database serve would use (from --db, or the config file's server.db),
 * then exits. Config and database problems are reported as serve reports them (exit 2).
 */
async function migrate(opts: { config?: string; db?: string }): Promise<void> {
  const { server, store: settings } = loadConfig({ config: opts.config, db: opts.db });
  // The engines are loaded here, not with the CLI (`serve` needs neither on its main thread); the
  // `import type`s above keep the edges in sight of the import-boundary rules.
  if (isPostgresUrl(server.db)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see above
    const { openEngineStore } = require('../store/open-engine') as typeof OpenEngine;
    // Opening migrates, under the advisory lock replicas starting together share.
    const store = await openEngineStore({ db: server.db, busyTimeoutMs: server.busyTimeoutMs, attemptsPerTenant: settings.attemptsPerTenant });
    await store.close();
    process.stdout.write(`${store.location}: schema version ${latestPostgresVersion()}\n`);
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see above
  const { openDatabase } = require('../store/database') as typeof SqliteDatabase;
  const db = openDatabase(server.db, server.busyTimeoutMs);
  const version = db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get();
  db.close();
  process.stdout.write(`${server.db}: schema version ${String(version)}\n`);
}

export function registerMigrate(program: Command): void {
  const command = program
    .command('migrate')
    .description('create or upgrade the database, then exit')
    .addOption(new Option('--config <file>', 'JSON config file: its server.db is the database').env('HJR_CONFIG'))
    .addOption(new Option('--db <file|url>', "SQLite file or postgres:// URL (default: the config file's server.db, else .receiver/receiver.db)").env('HJR_DB'))
    .addHelpText(
      'after',
      exitStatusHelp('the database is at the latest schema version (printed)', 'an unexpected failure (a bug: please report it)', [
        'usage or configuration error: a bad flag, an invalid config file, or a database that cannot be',
        'opened, created or written (the message names the file and what to do)',
      ]),
    )
    .action(migrate);
  exitTwoOnUsageErrors(command);
}
