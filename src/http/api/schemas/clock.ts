import { z } from 'zod/v4';
import { component } from './registry';

/** GET, PUT and DELETE /_receiver/clock. */
export const clockSchema = component(
  'Clock',
  z
    .object({
      mode: z.enum(['real', 'offset', 'frozen']),
      nowMs: z.number().int(),
      now: z.iso.datetime(),
      offsetSeconds: z.number().optional().describe('mode offset: how far the receiver clock is from real time'),
      frozenAt: z.iso.datetime().optional().describe('mode frozen: the instant it stands at'),
    })
    .describe("This receiver process's clock: per replica (replicas sharing a PostgreSQL store each keep their own)"),
);
export type ClockJson = z.infer<typeof clockSchema>;
