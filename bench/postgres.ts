/**
 * The PostgreSQL the bench's `receiver-pg` scenarios run on: `HJR_BENCH_PG_URL` (a server of one's
 * own; the bench uses a schema of its own there and drops it after), else one started as the tests
 * start theirs (test/helpers/postgres.ts: Debian's server binaries, a temp folder), removed after.
 */
import { startPostgres, withClient } from '../test/helpers/postgres';

export interface BenchPostgres {
  /** The URL with `?schema=` set: what the receiver's --db gets. */
  url: string;
  /** Where it is, without the password, for the log. */
  shown: string;
  done(): Promise<void>;
}

export async function benchPostgres(): Promise<BenchPostgres> {
  const schema = `bench_${process.pid}`;
  const own = process.env.HJR_BENCH_PG_URL;
  const server = own ? null : await startPostgres();
  const base = own ?? server!.url;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  const shown = new URL(url.toString());
  shown.password = '';
  return {
    url: url.toString(),
    shown: `${shown.toString()}${own ? '' : ' (started for the bench)'}`,
    async done() {
      if (server) await server.destroy();
      else await withClient(base, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  };
}
