import { z } from 'zod/v4';
import type { ReceiverContext } from '../state';
import { InvalidRequest, parseWith } from './invalid-request';

/** The query string as an object, each parameter once (a repeated one is ambiguous, so refused). */
export function readQuery<S extends z.ZodType>(ctx: ReceiverContext, schema: S): z.output<S> {
  const params = new URLSearchParams(ctx.querystring);
  const query: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const [key, value] of params) {
    if (Object.hasOwn(query, key)) repeated.add(key);
    query[key] = value;
  }
  if (repeated.size > 0)
    throw new InvalidRequest(
      [...repeated].map((k) => `${k} is given more than once`),
      'query',
    );
  return parseWith(schema, query, 'query', 'parameter');
}

/** `?limit=`: a whole number within 1..max, `fallback` when absent. */
export const limitParam = (fallback: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, { error: 'must be a whole number', abort: true })
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .default(fallback);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/i;
const MAX_DATE_MS = 8.64e15;

/** An instant given as an ISO 8601 date or date-time with Z or an offset, or as milliseconds since the epoch (a number, or digits). */
export const instant = z.unknown().transform((value, ctx): number => {
  let ms = Number.NaN;
  if (typeof value === 'number') ms = Number.isInteger(value) ? value : Number.NaN;
  else if (typeof value === 'string' && /^-?\d{1,16}$/.test(value)) ms = Number(value);
  else if (typeof value === 'string' && ISO_INSTANT.test(value)) ms = Date.parse(value);
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > MAX_DATE_MS) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an ISO 8601 date-time with Z or an offset (2026-01-15T12:00:00Z), or milliseconds since the epoch',
    });
    return z.NEVER;
  }
  return ms;
});

/** A tenant id as the config file allows it (the tenant need not be served any more). */
export const tenantParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a tenant id (1-63 lower-case letters, digits or dashes)');
