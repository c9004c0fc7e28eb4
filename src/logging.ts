import pino, { type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { formatLogLine, PRINTED_KEYS } from './log-line';

export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The format asked for (flag or HJR_LOG_FORMAT), else pretty on a terminal and JSON lines anywhere else. */
export function resolveLogFormat(asked: string | undefined, isTTY = process.stdout.isTTY === true): LogFormat {
  if (asked === 'pretty' || asked === 'json') return asked;
  return isTTY ? 'pretty' : 'json';
}

/**
 * Colours in the pretty format: never with NO_COLOR set to anything but '' (no-color.org), always
 * with FORCE_COLOR set to anything but 0 or false, else when stdout is a terminal.
 */
export function useColor(env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  return isTTY;
}

/**
 * The pretty format as a pino destination: each JSON line pino writes is prettified in-process
 * (pino-pretty's prettyFactory, one line per record by `formatLogLine`) and written to stdout
 * synchronously, so a line logged just before exit is not lost.
 */
export function prettyDestination(
  color: boolean,
  out: { write(line: string): unknown } = pino.destination({ dest: 1, sync: true }),
): { write(line: string): void } {
  const prettify = prettyFactory({
    colorize: color,
    // The line's own colours only: pino-pretty would paint the whole message cyan.
    customColors: 'message:reset',
    useOnlyCustomProps: false,
    ignore: PRINTED_KEYS.join(','),
    messageFormat: formatLogLine,
  });
  return {
    write(line: string) {
      const text = prettify(line);
      if (text) out.write(text);
    },
  };
}

/** The server's logger in the chosen format: JSON lines (pino's own, to stdout) or the pretty lines. */
export function createLogger(options: { level: string; format: LogFormat; color?: boolean }): Logger {
  if (options.format === 'json') return pino({ level: options.level });
  return pino({ level: options.level }, prettyDestination(options.color ?? useColor()));
}
