import { ReceiverError } from '../errors';

export { isDatabaseError, isReadOnlyError } from './sqlite-errors';

/**
 * The one way a write the database refused is reported: 503 `store_unavailable`, its detail SQLite's
 * reason with the file named (what an operator needs; a path is never a secret), SQLite's own error
 * kept as `cause`. Callers never see a raw SQLite error from a write, so no surface answers it with 500.
 */
export function storeUnavailable(path: string, err: unknown): ReceiverError {
  const error = new ReceiverError('store_unavailable', 'The service is temporarily unavailable', `${(err as Error).message} (database ${path})`);
  error.cause = err;
  return error;
}
