import pino, { type Logger } from 'pino';
import type * as PinoPretty from 'pino-pretty';
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
 * (pino-pretty's prettyFactory, one line per record by `formatLogLine`) and written to `out`
 * (the server's: stdout, once per event-loop turn and at exit, so a line logged just before exit is not lost).
 */
export function prettyDestination(
  color: boolean,
  out: { write(line: string): unknown } = pino.destination({ dest: 1, sync: true }),
): { write(line: string): void } {
  // Loaded here: JSON lines (the format off a terminal: services, scripts) never need pino-pretty and its colour modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a third-party package loaded on first use, not an internal module the boundary rules watch
  const { prettyFactory } = require('pino-pretty') as typeof PinoPretty;
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

/**
 * Log lines written once per event-loop turn: a busy server answers several requests a turn, and a
 * write(2) per line cost about 5% of a login's CPU (`npm run bench`, consume-10). The lines still go
 * out in order and in the turn they were logged in (setImmediate); lines pending when the process
 * exits (process.exit, an uncaught error) are written first. Only a SIGKILL can lose one turn's lines.
 */
export function perTurnDestination(out: { write(text: string): unknown }): { write(line: string): void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.length === 1 ? (pending[0] as string) : pending.join('');
    pending = [];
    out.write(text);
  };
  process.once('exit', flush);
  return {
    write(line: string) {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}

/** The server's logger in the chosen format: JSON lines (pino's own) or the pretty lines, to stdout once per turn. */
export function createLogger(options: { level: string; format: LogFormat; color?: boolean }): Logger {
  const stdout = perTurnDestination(pino.destination({ dest: 1, sync: true }));
  if (options.format === 'json') return pino({ level: options.level }, stdout);
  return pino({ level: options.level }, prettyDestination(options.color ?? useColor(), stdout));
}
