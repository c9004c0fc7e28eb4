import { bodyParser } from '@koa/bodyparser';
import type { Next } from 'koa';
import type { Logger } from 'pino';
import { z, type ZodIssue, type ZodTypeAny } from 'zod';
import { describeIssue } from '../../config/load';
import { ReceiverError, type ErrorCode } from '../../errors';
import type { ReceiverContext } from '../state';

/** What every API route but health starts with: JSON errors, then the access guard. */
export type ApiGuard = Array<(ctx: ReceiverContext, next: Next) => Promise<void>>;

/** `request_invalid` with one line per path at fault. */
export class InvalidRequest extends ReceiverError {
  constructor(
    readonly problems: string[],
    what = 'request',
  ) {
    super('request_invalid', `Invalid ${what}`, problems.join('; '));
  }
}

/** zod issues in the config file's words; unknown keys are `parameter`s of a query, `setting`s of a tenant. */
export function describeIssues(issues: readonly ZodIssue[], unknownKey: 'setting' | 'parameter' | 'field' = 'setting'): string[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [describeIssue(issue)];
    // One line per key; a query parameter or a body field is not a `setting`.
    return issue.keys.map((key) => describeIssue({ ...issue, keys: [key] }).replace(/ is not a known setting$/, ` is not a known ${unknownKey}`));
  });
}

/** Parses `value` with `schema` or throws `request_invalid` naming every path at fault. */
export function parseWith<S extends ZodTypeAny>(schema: S, value: unknown, what: 'query' | 'body', unknownKey: 'setting' | 'parameter' | 'field'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidRequest(describeIssues(result.error.issues, unknownKey), what);
  return result.data;
}

/** The query string as an object, each parameter once (a repeated one is ambiguous, so refused). */
export function readQuery<S extends ZodTypeAny>(ctx: ReceiverContext, schema: S): z.output<S> {
  const params = new URLSearchParams(ctx.querystring);
  const query: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const [key, value] of params) {
    if (Object.hasOwn(query, key)) repeated.add(key);
    query[key] = value;
  }
  if (repeated.size > 0) throw new InvalidRequest([...repeated].map((k) => `${k} is given more than once`), 'query');
  return parseWith(schema, query, 'query', 'parameter');
}

/** `?limit=`: a whole number within 1..max, `fallback` when absent. */
export const limitParam = (fallback: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .default(String(fallback));

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/i;
const MAX_DATE_MS = 8.64e15;

/** An instant given as an ISO 8601 date or date-time with Z or an offset, or as milliseconds since the epoch (a number, or digits). */
export const instant = z.unknown().transform((value, ctx): number => {
  let ms = Number.NaN;
  if (typeof value === 'number') ms = Number.isInteger(value) ? value : Number.NaN;
  else if (typeof value === 'string' && /^-?\d{1,16}$/.test(value)) ms = Number(value);
  else if (typeof value === 'string' && ISO_INSTANT.test(value)) ms = Date.parse(value);
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > MAX_DATE_MS) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an ISO 8601 date-time with Z or an offset (2026-01-15T12:00:00Z), or milliseconds since the epoch' });
    return z.NEVER;
  }
  return ms;
});

/** A tenant id as the config file allows it (the tenant need not be served any more). */
export const tenantParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a tenant id (1-63 lower-case letters, digits or dashes)');

const parseJson = bodyParser({
  enableTypes: ['json'],
  // RFC 7396's own type, for PATCH /tenants/:id; application/json is fine too.
  extendTypes: { json: ['application/json', 'application/merge-patch+json'] },
  jsonLimit: '256kb',
  onError(err) {
    const status = (err as { status?: number }).status;
    throw status === 413
      ? new ReceiverError('request_too_large', 'Payload Too Large', 'the request body is over 256 kB')
      : new ReceiverError('request_malformed', 'Bad Request', `the request body is not valid JSON: ${err.message}`);
  },
});

/** A JSON object body (Content-Type: application/json), or `request_invalid`. */
export async function readJsonBody(ctx: ReceiverContext, next: Next): Promise<void> {
  if (ctx.request.is('json', 'application/merge-patch+json') === false) {
    throw new InvalidRequest([`the body must be JSON (Content-Type: application/json), not ${ctx.get('Content-Type') || 'untyped'}`], 'body');
  }
  await (parseJson as unknown as (ctx: ReceiverContext, next: Next) => Promise<void>)(ctx, async () => undefined);
  const body = (ctx.request as { body?: unknown }).body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidRequest(['the body must be a JSON object'], 'body');
  await next();
}

/** The parsed JSON body (after readJsonBody). */
export const bodyOf = (ctx: ReceiverContext): Record<string, unknown> => (ctx.request as { body?: Record<string, unknown> }).body ?? {};

/**
 * The API always answers JSON, errors included: `{ error, message, detail }` with the code's status
 * (and `problems` for `request_invalid`). A bug is a logged `internal_error`, never a crash.
 */
export function answerJsonErrors(logger: Logger) {
  return async function answerJsonErrors(ctx: ReceiverContext, next: Next): Promise<void> {
    try {
      await next();
    } catch (err) {
      const known = err instanceof ReceiverError;
      if (!known) logger.error({ err, path: ctx.path }, 'unhandled error in the inspection API');
      const code: ErrorCode = known ? err.code : 'internal_error';
      ctx.state.result = code;
      ctx.status = known ? err.status : 500;
      ctx.set('X-Receiver-Result', code);
      ctx.body = {
        error: code,
        message: known ? err.message : 'Internal error',
        detail: known ? err.detail : 'a bug in the receiver; the log has the stack',
        ...(err instanceof InvalidRequest ? { problems: err.problems } : {}),
      };
    }
  };
}

/** SQLite said no (locked, read-only, full): 503 `store_unavailable`, never a 500. */
export function storeError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? new ReceiverError('store_unavailable', 'The service is temporarily unavailable', (err as Error).message) : err;
}
