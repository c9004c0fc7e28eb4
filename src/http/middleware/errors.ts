import type { Next } from 'koa';
import type { Logger } from 'pino';
import { ReceiverError } from '../../errors';
import { html, page } from '../pages/html';
import type { ReceiverContext } from '../state';

/**
 * The outermost catch: a ReceiverError keeps its code and status, a Koa HTTP error its status, and
 * anything else becomes `internal_error` (logged with its stack, never with the request's query).
 */
export function handleErrors(logger: Logger) {
  return async function handleErrors(ctx: ReceiverContext, next: Next): Promise<void> {
    try {
      await next();
    } catch (err) {
      const known = err instanceof ReceiverError;
      const httpStatus = (err as { status?: unknown }).status;
      const expose = (err as { expose?: unknown }).expose === true;
      const status = known ? err.status : typeof httpStatus === 'number' && expose ? httpStatus : 500;
      const code = known ? err.code : status === 500 ? 'internal_error' : `http_${status}`;
      const message = known || expose ? (err as Error).message : 'Internal error';
      const detail = known ? err.detail : message;
      if (status >= 500 && !known) logger.error({ err, path: ctx.path }, 'unhandled error');
      ctx.state.result = code;
      ctx.status = status;
      ctx.set('X-Receiver-Result', code);
      if (ctx.accepts('html', 'json') === 'json') {
        ctx.body = { error: code, message, detail };
      } else {
        ctx.type = 'html';
        ctx.body = page(message, html`<h1>${message}</h1><p>Code <code>${code}</code>: ${detail}</p>`);
      }
    }
  };
}
