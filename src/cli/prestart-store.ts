import { isPostgresUrl } from '../store/postgres/url';
import { prestartStoreWorker } from '../store/worker-thread';

/** The `--db` a command line names (the last one, as commander reads it), else HJR_DB. */
function dbNamed(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  let db = env.HJR_DB;
  argv.forEach((arg, i) => {
    if (arg === '--db') db = argv[i + 1];
    else if (arg.startsWith('--db=')) db = arg.slice('--db='.length);
  });
  return db;
}

/**
 * `serve` (not its help) on SQLite: starts the store's worker thread now, in the launcher, before
 * the command line's bundle is read (see prestartStoreWorker). Only a look at the command line: a
 * config file that names a PostgreSQL URL is known later, and the worker is stopped then.
 */
export function prestartStoreForServe(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  if (argv[0] !== 'serve' || argv.includes('--help') || argv.includes('-h')) return;
  const db = dbNamed(argv, env);
  if (db !== undefined && isPostgresUrl(db)) return;
  prestartStoreWorker();
}
