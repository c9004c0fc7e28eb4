import type { Next } from 'koa';
import type { Logger } from 'pino';
import { ReceiverError } from '../../errors';
import { renderVendorError } from '../answers';
import type { ReceiverContext } from '../state';

/**
 * The outermost catch of the vendor's side: a ReceiverError is answered with its own code, status
 * and headers; anything else is a bug, answered as `internal_error` and logged with its stack (never
 * with the request's query). Every error a client can cause is given its code where it is thrown
 * (the body parsers map theirs), so nothing else is taken for the client's fault.
 */
export function handleErrors(logger: Logger) {
  return async function handleErrors(ctx: ReceiverContext, next: Next): Promise<void> {
    try {
      await next();
    } catch (err) {
      if (!(err instanceof ReceiverError)) logger.error({ err, path: ctx.path }, 'unhandled error');
      renderVendorError(ctx, err instanceof ReceiverError ? err : new ReceiverError('internal_error', 'Internal error'));
    }
  };
}
