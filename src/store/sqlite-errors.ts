/** SQLite ended the batch's transaction on its own (after SQLITE_FULL, an I/O error, ...). */
export class TransactionLost extends Error {
  constructor(cause?: unknown) {
    super(cause instanceof Error ? `SQLite rolled the transaction back (${cause.message})` : 'SQLite rolled the transaction back', { cause });
  }
}

const codeOf = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** SQLite said no (locked, read-only, full, I/O) or ended the transaction under a batch. */
export function isDatabaseError(err: unknown): boolean {
  return codeOf(err)?.startsWith('SQLITE_') === true || err instanceof TransactionLost;
}

/** SQLite refused because the file, its folder or the connection takes no writes. */
export function isReadOnlyError(err: unknown): boolean {
  return codeOf(err)?.startsWith('SQLITE_READONLY') === true;
}

/** Another connection holds the lock this statement needs (SQLITE_BUSY and its extended codes). */
export function isBusyError(err: unknown): boolean {
  return codeOf(err)?.startsWith('SQLITE_BUSY') === true;
}
