import { ReceiverError } from '../../errors';

/** SQLite said no (locked, read-only, full): 503 `store_unavailable`, never a 500; anything else is left as it is. */
export function storeError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? new ReceiverError('store_unavailable', 'The service is temporarily unavailable', (err as Error).message) : err;
}
