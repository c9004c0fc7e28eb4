import type { ReceiverContext } from './state';

/**
 * Every value of one parameter: from the query, parsed once per request (not ctx.query: Koa builds
 * that with a getAll per key, quadratic in repeated keys), then from a POSTed form or JSON body.
 */
export function paramValues(ctx: ReceiverContext, name: string): string[] {
  ctx.state.params ??= new URLSearchParams(ctx.querystring);
  const values = ctx.state.params.getAll(name);
  const body = ctx.request.body;
  if (body && typeof body === 'object' && Object.hasOwn(body, name)) {
    const given: unknown = Reflect.get(body, name);
    for (const v of Array.isArray(given) ? given : [given]) values.push(typeof v === 'string' ? v : JSON.stringify(v));
  }
  return values;
}
