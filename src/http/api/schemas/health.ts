import { z } from 'zod/v4';
import { component } from './registry';

/** GET /_receiver/health, open to every client. */
export const healthSchema = component(
  'Health',
  z.object({
    status: z.enum(['ok', 'unavailable']),
    version: z.string(),
    database: z.string().describe('ok, or why the database does not answer'),
    clock: z.object({ mode: z.enum(['real', 'offset', 'frozen']), nowMs: z.number().int() }).loose(),
    uptimeSeconds: z.number().int(),
    tenants: z.array(z.object({ id: z.string(), profile: z.string() })),
  }),
);
export type HealthJson = z.infer<typeof healthSchema>;
