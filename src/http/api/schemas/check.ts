import { z } from 'zod/v4';
import { CHECK_STATUSES, FINDINGS, ONCE_OUTCOMES, REASONS, UNITS } from '../../../verify/check-fields';
import { component, ms } from './registry';

/** One named rule applied to a token, as an attempt or a dry run lists it (src/verify/verdict.ts Check). */
export const checkSchema = component(
  'Check',
  z.object({
    name: z.string().describe('format, alg, header, signature, a claim name, iat_window, whitelist, return_to, replay, ...'),
    status: z.enum(CHECK_STATUSES),
    message: z.string(),
    code: z.string().optional().describe('on a failing check: the stable code it refuses with'),
    finding: z
      .enum(FINDINGS)
      .optional()
      .describe('when the receiver recognised the mistake: its stable id (secret_base64_decoded, other_tenant_secret, token_whitespace_around, ...)'),
    hint: z
      .string()
      .optional()
      .describe('when the receiver recognised the mistake: how to fix it, with one-liners for Python, Ruby, PHP, Java, C# and Node where code helps'),
    claim: z.string().optional().describe('the claim the check is about (iat, not_after, jti, ...)'),
    reason: z
      .enum(REASONS)
      .optional()
      .describe(
        'why the check came out as it did, a stable id (too_old, in_future, milliseconds, wrong_type, replayed, ...): assert on this, not on the message',
      ),
    actual: z
      .unknown()
      .optional()
      .describe("what the token has: a number in `unit` (an age, a span, a length), or the claim's own JSON value for a type check"),
    limit: z.number().optional().describe('what the rule allows, in `unit`'),
    unit: z.enum(UNITS).optional().describe('the unit of actual and limit'),
    firstAttempt: z
      .number()
      .int()
      .nullable()
      .optional()
      .describe('replay: the attempt that first spent the key (null when it was pruned or cleared); actual is the seconds since'),
    once: z
      .object({
        purpose: z.string().describe('what the receiver issued it for: oidc-state, oidc-nonce, discourse-nonce, ...'),
        value: z.string().nullable().describe('the value the request brought back (null: none)'),
        outcome: z
          .enum(ONCE_OUTCOMES)
          .describe(
            'redeemed by this login; used, expired or unknown as the store answered; other_browser: issued to another browser and left unspent; missing; not_redeemed: refused before its turn, or a dry run',
          ),
        issuedAt: ms('when the receiver issued it (redeemed, other_browser)').optional(),
        usedAt: ms('when it was first used (used)').optional(),
        expiredAt: ms('when it expired (expired)').optional(),
      })
      .optional()
      .describe('a single-use value the receiver issued when it started the login (state, nonce): what this request brought back and what became of it'),
  }),
);
export type CheckJson = z.infer<typeof checkSchema>;
export type CheckStatus = CheckJson['status'];
