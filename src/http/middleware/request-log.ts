import type { Next } from 'koa';
import type { Logger } from 'pino';
import { attemptLink, DEBUGGER_PATH } from '../pages/debugger';
import type { ReceiverContext } from '../state';

/** One warning of an accepted (or refused) login: the check and its sentence. */
export interface LoggedWarning {
  check: string;
  detail: string;
}

/**
 * The log record of one attempt (a consume or exchange request that got a verdict). Both log
 * formats carry these fields; the pretty one prints them as one line. Nothing here comes from the
 * query string or the token text: the path without its query, and the verdict's own words.
 */
export interface AttemptRecord {
  tenant: string;
  /** Method and path, never the query string: `GET /t/acme/jwt/`. */
  route: string;
  method: string;
  path: string;
  status: number;
  accepted: boolean;
  /** `accepted`, or the refusal's stable code. */
  code: string;
  /** The failing check and its sentence (null when accepted). */
  check: string | null;
  detail: string | null;
  warnings: LoggedWarning[];
  /** The email of the user the token names, when its claims name one. */
  user: string | null;
  /** The recorded attempt's id (null: the store could not record it). */
  attempt: number | null;
  /** The debugger opened on the attempt. */
  debuggerUrl: string | null;
  ms: number;
}

/** Path without the query string: query strings carry tokens. */
const pathOf = (ctx: ReceiverContext): string => ctx.originalUrl.split('?')[0] as string;

function attemptRecord(ctx: ReceiverContext, baseUrl: string, ms: number): AttemptRecord {
  const { tenant, verdict, attemptId } = ctx.state;
  const checks = verdict?.checks ?? [];
  const failed = checks.find((c) => c.status === 'fail');
  const path = pathOf(ctx);
  const accepted = verdict?.accepted === true; // as recorded: the debugger shows the same
  return {
    tenant: tenant.id,
    route: `${ctx.method} ${path}`,
    method: ctx.method,
    path,
    status: ctx.status,
    accepted,
    code: accepted ? 'accepted' : (verdict?.code ?? ctx.state.result ?? 'refused'),
    check: failed?.name ?? null,
    detail: failed?.message ?? null,
    warnings: checks.filter((c) => c.status === 'warn').map((c) => ({ check: c.name, detail: c.message })),
    user: verdict?.identity?.email ?? null,
    attempt: attemptId ?? null,
    debuggerUrl: attemptId === null || attemptId === undefined ? null : `${baseUrl}${attemptLink(attemptId)}`,
    ms,
  };
}

/**
 * One line per request: an attempt line (msg `attempt`, see AttemptRecord) for a request that got
 * a verdict, else a short `request` line with method, path, status and result. The inspection API
 * and the debugger (polled every second by an open debugger page) log at debug level.
 * `baseUrl` is the receiver's own URL for the debugger links; absent or empty, the request's origin.
 */
export function logRequests(logger: Logger, baseUrl?: () => string) {
  return async function logRequests(ctx: ReceiverContext, next: Next): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      if (ctx.state.attemptId !== undefined && ctx.state.tenant) {
        // Not ctx.origin: in Koa 3 that is the request's Origin header.
        logger.info(attemptRecord(ctx, baseUrl?.() || `${ctx.protocol}://${ctx.host}`, ms), 'attempt');
      } else {
        const path = pathOf(ctx);
        const level = path === DEBUGGER_PATH.slice(0, -1) || path.startsWith(DEBUGGER_PATH) ? 'debug' : 'info';
        logger[level]({ method: ctx.method, path, status: ctx.status, result: ctx.state.result, ms }, 'request');
      }
    }
  };
}
