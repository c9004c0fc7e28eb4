import { CommanderError, InvalidArgumentError, type Command } from 'commander';

/** Exit status of a command line that cannot be acted on (bad flags, unknown profile, no token). */
export const USAGE_EXIT = 2;

/** A usage problem found after commander's own parsing: printed as `error: ...`, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Commander exits 1 on its own usage errors; these commands exit 2 for them (help and --version
 * stay 0), so a script can tell "refused" (1) from "called wrongly" (2).
 */
export function exitTwoOnUsageErrors(command: Command): Command {
  return command.showHelpAfterError(`(${command.name()} --help shows the usage)`).exitOverride(exitOnCommanderError);
}

/** For exitOverride: help and --version exit 0, every usage error commander finds exits 2. */
export function exitOnCommanderError(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : USAGE_EXIT);
}

/** Reports a UsageError (exit 2) or rethrows anything else for the program's own handler. */
export function usageFailure(command: Command, err: unknown): void {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`error: ${err.message}\n(${command.name()} --help shows the usage)\n`);
  process.exitCode = USAGE_EXIT;
}

/**
 * `--at`: an ISO 8601 time (`2026-01-15T12:00:00Z`) or milliseconds since the epoch; for commander's
 * argParser, so a bad value is a usage error naming the flag.
 */
export function parseInstant(value: string): number {
  const text = value.trim();
  if (/^-?\d+$/.test(text)) {
    const ms = Number(text);
    if (Number.isSafeInteger(ms)) return ms;
  } else if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new InvalidArgumentError('must be an ISO 8601 time (2026-01-15T12:00:00Z) or milliseconds since the epoch');
}

/** `--claim k=v`, repeatable: v is JSON when it parses as JSON, else the string itself. */
export function collectClaim(value: string, previous: Array<[string, unknown]> = []): Array<[string, unknown]> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('must be name=value (the value is read as JSON when it is valid JSON, else as a string)');
  const name = value.slice(0, eq);
  const raw = value.slice(eq + 1);
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Not JSON: the string itself.
  }
  return [...previous, [name, parsed]];
}
