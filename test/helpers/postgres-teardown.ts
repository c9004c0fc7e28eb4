import type { PostgresServer } from './postgres';

/** jest globalTeardown: stops the run's PostgreSQL server and removes its folder. */
export default async function teardown(): Promise<void> {
  await (globalThis as { hjrPostgres?: PostgresServer }).hjrPostgres?.destroy();
}
