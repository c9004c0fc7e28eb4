import type { Next } from 'koa';
import type { ReceiverContext } from '../state';

/**
 * `X-Receiver-Result: <code>` (or `accepted`): what happened, in one header a test or an IdP
 * developer's tooling can read whatever the body is. Named and written here only; the routes and
 * renderers say what happened in `ctx.state.result`, and the raw socket answers use `resultHeader`.
 */
export function resultHeader(result: string): Record<string, string> {
  return { 'X-Receiver-Result': result };
}

/** After the route and its error handling ran: the header from `ctx.state.result`, when one was set. */
export async function writeResultHeader(ctx: ReceiverContext, next: Next): Promise<void> {
  await next();
  if (ctx.state.result) ctx.set(resultHeader(ctx.state.result));
}
