import { z } from 'zod/v4';
import { component } from './registry';

/** Every refusal of the API: a stable code, a short message, what the developer needs. */
export const apiErrorSchema = component(
  'Error',
  z.object({
    error: z.string().describe('stable code (README: Error codes)'),
    message: z.string(),
    detail: z.string(),
    problems: z
      .array(z.string())
      .optional()
      .describe('request_invalid: one line per path at fault, e.g. `whitelist.mode must be one of referer, email, either`'),
  }),
);
export type ApiErrorJson = z.infer<typeof apiErrorSchema>;
