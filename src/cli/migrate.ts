import { Option, type Command } from 'commander';
import { loadConfig } from '../config/load';
import { openDatabase } from '../store/database';
import { isPostgresUrl } from '../store/postgres';
import { latestPostgresVersion } from '../store/postgres/migrate';
import { openEngineStore } from '../store/open-engine';
import { exitStatusHelp } from './errors';
import { exitTwoOnUsageErrors } from './usage';

/**
 * Creates or upgrades the database serve would use (from --db, or the config file's server.db),
 * then exits. Config and database problems are reported as serve reports them (exit 2).
 */
async function migrate(opts: { config?: string; db?: string }): Promise<void> {
  const { server, store: settings } = loadConfig({ config: opts.config, db: opts.db });
  if (isPostgresUrl(server.db)) {
    // Opening migrates, under the advisory lock replicas starting together share.
    const store = await openEngineStore({ db: server.db, busyTimeoutMs: server.busyTimeoutMs, attemptsPerTenant: settings.attemptsPerTenant });
    await store.close();
    process.stdout.write(`${store.location}: schema version ${latestPostgresVersion()}\n`);
    return;
  }
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
