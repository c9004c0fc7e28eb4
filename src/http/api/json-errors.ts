import type { Next } from 'koa';
import type { Logger } from 'pino';
import { ReceiverError } from '../../errors';
import type { ReceiverContext } from '../state';
import { InvalidRequest } from './invalid-request';
import type { ApiErrorJson } from './schemas/error';

/**
 * How the inspection API answers an error, whatever the client accepts: the error's status and
 * headers, and `{ error, message, detail }` in JSON (with `problems` for `request_invalid`).
 */
export function renderApiError(ctx: ReceiverContext, err: ReceiverError): void {
  ctx.state.result = err.code;
  ctx.status = err.status;
  ctx.set(err.headers);
  const body: ApiErrorJson = {
    error: err.code,
    message: err.message,
    detail: err.detail,
    ...(err instanceof InvalidRequest ? { problems: err.problems } : {}),
  };
  ctx.body = body;
}

/** The API's catch: a ReceiverError as it is; anything else is a bug, a logged `internal_error`, never a crash. */
export function answerJsonErrors(logger: Logger) {
  return async function answerJsonErrors(ctx: ReceiverContext, next: Next): Promise<void> {
    try {
      await next();
    } catch (err) {
      if (!(err instanceof ReceiverError)) logger.error({ err, path: ctx.path }, 'unhandled error in the inspection API');
      renderApiError(
        ctx,
        err instanceof ReceiverError ? err : new ReceiverError('internal_error', 'Internal error', 'a bug in the receiver; the log has the stack'),
      );
    }
  };
}
