import { z } from 'zod/v4';
import { component } from './registry';

/** GET /_receiver/health, open to every client. */
export const healthSchema = component(
  'Health',
  z.object({
    status: z
      .enum(['ok', 'busy', 'read_only', 'unavailable'])
      .describe(
        'The store: `busy` while another connection holds its write lock, while every connection of the PostgreSQL pool is in use, or when it did not answer within 30 ms (earlier work or a loaded machine, not a lock) — `database` says which; `read_only`; `unavailable` (HTTP 503)',
      ),
    version: z.string(),
    database: z
      .string()
      .describe(
        'ok, or why not. For `busy`: `another connection holds the write lock …` (the store knows a lock is held), `all N connections of the pool are in use …`, or `the store did not answer within 30 ms …` (no lock is known)',
      ),
    tables: z
      .record(z.string(), z.object({ rows: z.number().int(), bytes: z.number().int().nullable() }))
      .nullable()
      .describe('Rows and bytes per table (null while the store is busy or unavailable)'),
    clock: z.object({ mode: z.enum(['real', 'offset', 'frozen']), nowMs: z.number().int() }).loose(),
    uptimeSeconds: z.number().int(),
    tenants: z.array(z.object({ id: z.string(), profile: z.string() })),
  }),
);
export type HealthJson = z.infer<typeof healthSchema>;
