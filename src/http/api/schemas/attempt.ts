import { z } from 'zod/v4';
import { checkSchema } from './check';
import { component, jsonObject, ms } from './registry';
import { sessionRef } from './session';
import { userSchema } from './user';

/** One recorded consume attempt: the verdict, never the token. */
export const attemptSchema = component(
  'Attempt',
  z.object({
    id: z.number().int(),
    tenant: z.string(),
    at: ms('when it was judged'),
    route: z.string().meta({ examples: ['GET /jwt/'] }),
    accepted: z.boolean(),
    code: z.string().nullable().describe('the first failing check\u2019s stable code; null when accepted'),
    checks: z.array(checkSchema),
    header: jsonObject.nullable(),
    claims: jsonObject.nullable(),
    email: z.string().nullable(),
    userId: z.number().int().nullable(),
    clientIp: z.string().nullable(),
    referer: z.string().nullable().describe('origin and path only, never the query'),
  }),
);
export type AttemptJson = z.infer<typeof attemptSchema>;

/** GET /_receiver/attempts: newest first. */
export const attemptListSchema = component('AttemptList', z.object({ attempts: z.array(attemptSchema) }));

/** The replay-ledger row of a key. */
export const replaySchema = component(
  'Replay',
  z.object({
    kind: z.enum(['jti', 'content']),
    key: z.string().describe('jti:<jti>, or sha256:<hash of the signed content> for vendors without jti'),
    held: z.boolean().describe('the ledger still has the key: a token carrying it is refused as token_replayed'),
    usedAt: ms('when the key was spent (by this attempt, or by the earlier one a replay collided with); null once no longer held').nullable(),
    keepUntil: ms('when the ledger may forget it; null once no longer held').nullable(),
  }),
);
export type ReplayJson = z.infer<typeof replaySchema>;

/** A single-use value an attempt brought back, as the store holds it now. */
export const onceNowSchema = component(
  'OnceValueNow',
  z.object({
    check: z.string().describe('the check that reports it (state, nonce_match, nonce_valid, ...)'),
    purpose: z.string().describe('what the receiver issued it for: oidc-state, oidc-nonce, discourse-nonce, ...'),
    value: z.string(),
    state: z
      .enum(['live', 'used', 'expired', 'unknown'])
      .describe(
        'now: live (issued, not yet redeemed: a corrected credential, or its own browser, may still use it), used, expired, or unknown (never issued, or pruned)',
      ),
    issuedAt: ms('when the receiver issued it (live)').nullable(),
    usedAt: ms('when it was redeemed (used)').nullable(),
    expiredAt: ms('when it expired (expired)').nullable(),
  }),
);
export type OnceNowJson = z.infer<typeof onceNowSchema>;

/** The session an accepted attempt created, by its public reference. */
export const attemptSessionSchema = z.object({
  ref: sessionRef,
  state: z.enum(['live', 'expired', 'ended']).describe('ended: no longer stored (logged out, replaced by a later login, cleared or pruned)'),
  createdAt: ms('created').nullable(),
  expiresAt: ms('expires').nullable(),
});
export type AttemptSessionJson = z.infer<typeof attemptSessionSchema>;

/** GET /_receiver/attempts/:id: the attempt with the ledger row of its key, and the user and session it created. */
export const attemptDetailSchema = component(
  'AttemptDetail',
  attemptSchema.extend({
    replay: replaySchema.nullable(),
    once: z
      .array(onceNowSchema)
      .describe('the single-use values (state, nonce) the attempt brought back, as the store holds them now; empty for other vendors'),
    user: userSchema.nullable(),
    session: attemptSessionSchema.nullable(),
  }),
);
export type AttemptDetailJson = z.infer<typeof attemptDetailSchema>;
