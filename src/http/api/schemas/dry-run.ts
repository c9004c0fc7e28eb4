import { z } from 'zod/v4';
import { checkSchema } from './check';
import { component, jsonObject, ms } from './registry';
import { personFields } from './user';

/** POST /_receiver/check: the full verdict of a dry run; nothing spent, nothing created or recorded. */
export const checkAnswerSchema = component(
  'CheckAnswer',
  z.object({
    dryRun: z.literal(true),
    tenant: z.string(),
    profile: z.string(),
    at: ms('the instant the token was judged at'),
    accepted: z.boolean().describe('the verdict without replay (not applied in a dry run)'),
    code: z.string().nullable(),
    message: z.string().nullable(),
    checks: z.array(checkSchema),
    header: jsonObject.nullable(),
    claims: jsonObject.nullable(),
    identity: z
      .object({
        key: z.string().describe('what the user is upserted by: the normalised email, or a vendor id (id:42)'),
        ...personFields,
      })
      .nullable()
      .describe('the user an accepted token logs in'),
    secretIndex: z.number().int().nullable(),
    replay: z.object({
      applied: z.literal(false),
      kind: z.enum(['jti', 'content']).nullable().describe('null when the token has no key (it failed an earlier check, or the vendor checks no replays)'),
      key: z.string().nullable(),
      held: z.boolean().describe('a consume request with this token would be refused as token_replayed'),
      usedAt: ms('when the key was spent').nullable(),
      keepUntil: ms('when the ledger may forget it').nullable(),
    }),
  }),
);
export type CheckAnswerJson = z.infer<typeof checkAnswerSchema>;
