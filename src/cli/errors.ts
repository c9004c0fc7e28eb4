import { ConfigError } from '../errors';
import { StoreOpenError } from '../store/open-error';
import { UsageError } from './usage';

/**
 * Exit statuses, the same for every command: a script tells "the receiver said no" (1) from "the
 * command line, the config file or the machine's setup is wrong" (2), which no retry will fix.
 */
export const EXIT = { ok: 0, refused: 1, unexpected: 1, usage: 2 } as const;

const SETUP_ERRORS = [
  'usage or configuration error: a bad flag or value, an invalid config file, a database that',
  'cannot be opened, a port already in use (nothing was started; fix it and run again)',
];

/** The `Exit status:` paragraph of a command's --help, in that command's words. */
export function exitStatusHelp(ok: string, one: string, two: readonly string[] = SETUP_ERRORS): string {
  return ['', 'Exit status:', `  0  ${ok}`, `  1  ${one}`, ...two.map((line, i) => `${i === 0 ? '  2  ' : '     '}${line}`)].join('\n');
}

/**
 * A problem of the machine's setup found while starting (a busy port, a ready file that cannot be
 * written): reported in one line with what to do, exit 2 like a config error.
 */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/** Node's listen error in a person's terms, or undefined for any other error. */
export function listenProblem(err: unknown, host: string, port: number): SetupError | undefined {
  const { code, syscall } = (err ?? {}) as { code?: unknown; syscall?: unknown };
  if (syscall !== 'listen' && syscall !== 'getaddrinfo') return undefined;
  switch (code) {
    case 'EADDRINUSE':
      return new SetupError(`port ${port} on ${host} is already in use (another receiver?): stop it, pick another with --port, or use --port 0 for a free one`);
    case 'EACCES':
      return new SetupError(
        `port ${port} on ${host} needs privileges this user lacks (ports below 1024 usually do): pick one above 1023 with --port, or use --port 0 for a free one`,
      );
    case 'EADDRNOTAVAIL':
      return new SetupError(
        `${host} is not an address of this machine: use --host 127.0.0.1 (the default), 0.0.0.0 for every interface, or one of this machine's addresses`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SetupError(
        `host name ${host} does not resolve: use --host 127.0.0.1 (the default), 0.0.0.0 for every interface, or one of this machine's addresses`,
      );
    default:
      return undefined;
  }
}

/**
 * Prints a command's failure on stderr and returns its exit status: an expected problem (usage,
 * config, database, setup) as `error: ...` with what to do, exit 2, never a stack trace; anything
 * else, a bug, as one line, exit 1.
 */
export function reportFailure(err: unknown): number {
  const write = (text: string) => process.stderr.write(`${text}\n`);
  if (err instanceof ConfigError) {
    write(`error: ${err.message}`);
    return EXIT.usage;
  }
  if (err instanceof StoreOpenError) {
    write(`error: ${err.message}\n  ${err.hint}; the database is set by --db, HJR_DB or server.db in the config file`);
    return EXIT.usage;
  }
  if (err instanceof UsageError || err instanceof SetupError) {
    write(`error: ${err.message}`);
    return EXIT.usage;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(`helpdesk-jwt-receiver: ${message.split('\n')[0]}`);
  return EXIT.unexpected;
}
