import { HOW_TO_GET_POSTGRES, SHARED_ERROR_ENV, SHARED_URL_ENV, startPostgres, type PostgresServer } from './postgres';

/**
 * jest globalSetup: one PostgreSQL server for the run, its URL handed to the test workers in the
 * environment (each suite then works in a schema of its own). A failure to start it does not stop
 * the run: the SQLite suites still run, and each PostgreSQL suite fails with the reason and how to
 * get a server. With HJR_TEST_PG_URL set, that server is used and none is started. A run that is
 * killed never runs the teardown: its server is leased to this process and stopped by its watchdog
 * within seconds, or by the next run's start (test/helpers/postgres-leases.ts).
 */
export default async function setup(): Promise<void> {
  if (process.env.HJR_TEST_PG_URL) return;
  try {
    const server = await startPostgres();
    (globalThis as { hjrPostgres?: PostgresServer }).hjrPostgres = server;
    process.env[SHARED_URL_ENV] = server.url;
  } catch (err) {
    process.env[SHARED_ERROR_ENV] = `${(err as Error).message.split('\n')[0]} (${HOW_TO_GET_POSTGRES})`;
  }
}
