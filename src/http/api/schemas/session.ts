import { z } from 'zod/v4';
import { SESSION_REF_LENGTH } from '../session-ref';
import { component, ms } from './registry';

export const sessionRef = z
  .string()
  .length(SESSION_REF_LENGTH)
  .describe(`the first ${SESSION_REF_LENGTH} characters of the SHA-256 (base64url) of the session id; never the id`);

/** A live portal session or Zoho access token. */
export const sessionSchema = component(
  'Session',
  z.object({
    ref: sessionRef,
    tenant: z.string(),
    userId: z.number().int(),
    email: z.string(),
    createdAt: ms('created'),
    expiresAt: ms('expires'),
    expiresInSeconds: z.number().int(),
  }),
);
export type SessionJson = z.infer<typeof sessionSchema>;

/** GET /_receiver/sessions: live by the receiver clock, newest first. */
export const sessionListSchema = component('SessionList', z.object({ sessions: z.array(sessionSchema) }));
