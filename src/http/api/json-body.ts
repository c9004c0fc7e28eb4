import type { Next } from 'koa';
import { ReceiverError } from '../../errors';
import { lazyBodyParser } from '../lazy-body-parser';
import type { ReceiverContext } from '../state';
import { InvalidRequest } from './invalid-request';

/** The most a JSON body of the inspection API may weigh (a tenant with its keys fits many times over). */
const JSON_LIMIT_KB = 256;

const parseJson = lazyBodyParser({
  enableTypes: ['json'],
  // RFC 7396's own type, for PATCH /tenants/:id; application/json is fine too.
  extendTypes: { json: ['application/json', 'application/merge-patch+json'] },
  jsonLimit: `${JSON_LIMIT_KB}kb`,
  onError(err) {
    const status = (err as { status?: number }).status;
    throw status === 413
      ? new ReceiverError('request_too_large', 'Payload Too Large', `the request body is over ${JSON_LIMIT_KB} kB`, { status: 413 })
      : new ReceiverError('request_malformed', 'Bad Request', `the request body is not valid JSON: ${err.message}`);
  },
});

/** A JSON object body (Content-Type: application/json), or `request_invalid`. */
export async function readJsonBody(ctx: ReceiverContext, next: Next): Promise<void> {
  if (ctx.request.is('json', 'application/merge-patch+json') === false) {
    throw new InvalidRequest([`the body must be JSON (Content-Type: application/json), not ${ctx.get('Content-Type') || 'untyped'}`], 'body');
  }
  await parseJson(ctx, async () => undefined);
  if (!isJsonObject(ctx.request.body)) throw new InvalidRequest(['the body must be a JSON object'], 'body');
  await next();
}

function isJsonObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** The parsed JSON body (readJsonBody refused any other). */
export function bodyOf(ctx: ReceiverContext): Record<string, unknown> {
  const body = ctx.request.body;
  return isJsonObject(body) ? body : {};
}
