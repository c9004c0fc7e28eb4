import type { MessageFormatFunc } from 'pino-pretty';
import { levels } from 'pino';
import type { AttemptRecord } from './http/middleware/request-log';

type Colors = Parameters<MessageFormatFunc>[3]['colors'];

/** Every key the line below prints itself; pino-pretty prints what else a record carries (an `err`) under it. */
export const PRINTED_KEYS = [
  'pid',
  'hostname',
  'time',
  'level',
  'tenant',
  'route',
  'method',
  'path',
  'status',
  'accepted',
  'code',
  'check',
  'detail',
  'warnings',
  'user',
  'attempt',
  'debuggerUrl',
  'ms',
  'result',
] as const;

/** C0 and C1 control characters shown escaped: a claim value must not move the cursor or recolour the terminal. */
function clean(value: unknown): string {
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** HH:MM:SS in local time: when the line was written, by the wall clock (not the receiver's clock). */
function timeOf(log: Record<string, unknown>): string {
  return typeof log.time === 'number' ? new Date(log.time).toTimeString().slice(0, 8) : '--:--:--';
}

/** `time  tenant  route  ✔ accepted  ⚠ warnings  user  debugger` or `... ✘ code  check: detail  user  debugger`. */
function attemptLine(log: AttemptRecord, time: string, colors: Colors): string {
  const verdict = log.accepted ? colors.green(`✔ ${clean(log.code)}`) : colors.red(colors.bold(`✘ ${clean(log.code)}`));
  const why = log.accepted
    ? log.warnings.map((w) => colors.yellow(`⚠ ${clean(w.check)}: ${clean(w.detail)}`))
    : [log.check ? `${clean(log.check)}: ${clean(log.detail)}` : clean(log.detail ?? '')];
  const parts = [
    colors.gray(time),
    clean(log.tenant),
    clean(log.route),
    verdict,
    ...why,
    log.user ? clean(log.user) : null,
    log.debuggerUrl ? colors.cyan(clean(log.debuggerUrl)) : null,
  ];
  return parts.filter((p) => p !== null && p !== '').join('  ');
}

/**
 * pino-pretty's messageFormat: one line per record. An attempt is the line a person reads; other
 * requests a short grey line; anything else (a warning, an error) its level and message.
 */
export const formatLogLine: MessageFormatFunc = (log, messageKey, _levelLabel, { colors }) => {
  const time = timeOf(log);
  if (log[messageKey] === 'attempt' && typeof log.route === 'string') return attemptLine(log as unknown as AttemptRecord, time, colors);
  if (log[messageKey] === 'request' && typeof log.path === 'string') {
    const result = typeof log.result === 'string' ? `  ${clean(log.result)}` : '';
    return colors.gray(`${time}  ${clean(log.method)} ${clean(log.path)}  ${clean(log.status)}${result}  ${clean(log.ms)} ms`);
  }
  const label = (levels.labels[log.level as number] ?? 'log').toUpperCase();
  const level = (log.level as number) >= 50 ? colors.red(label) : (log.level as number) >= 40 ? colors.yellow(label) : label;
  return `${colors.gray(time)}  ${level}  ${clean(log[messageKey] ?? '')}`;
};
