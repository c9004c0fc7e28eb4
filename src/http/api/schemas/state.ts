import { z } from 'zod/v4';
import { component } from './registry';

/** DELETE /_receiver/state: rows removed per table. */
export const stateDeletedSchema = component(
  'StateDeleted',
  z.object({
    tenant: z.string().nullable().describe('null: every tenant'),
    deleted: z.object({ attempts: z.number().int(), users: z.number().int(), sessions: z.number().int(), ledger: z.number().int() }),
  }),
);
export type StateDeletedJson = z.infer<typeof stateDeletedSchema>;
