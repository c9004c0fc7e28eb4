import { z } from 'zod/v4';
import { ReceiverError } from '../../errors';
import { runPipeline } from '../../verify/pipeline';
import { replayCheck, replayNotApplied } from '../../verify/replay';
import type { Verdict } from '../../verify/verdict';
import type { AppDeps, ReceiverContext, ReceiverRouter } from '../state';
import { replayJson } from './attempts';
import type { ApiGuard } from './access';
import { parseWith } from './invalid-request';
import { bodyOf, readJsonBody } from './json-body';
import type { CheckAnswerJson } from './schemas/dry-run';

/** POST /check's body. */
export const checkRequest = z.strictObject({
  tenant: z.string().min(1).default('default'),
  token: z.string().min(1),
  referer: z.string().max(8192).optional().meta({ description: "stands in for the consume request's Referer (HappyFox whitelisting)" }),
  origin: z.string().max(8192).optional(),
});

/** The replay part of a dry run: the key is looked up in the ledger, never spent, and worded as consume words it. */
async function dryRunReplay(deps: AppDeps, tenantId: string, verdict: Verdict, nowMs: number): Promise<CheckAnswerJson['replay']> {
  if (!verdict.replay) {
    // The pipeline warns on its own when the vendor checks no replays; otherwise say why there is no key.
    if (!verdict.checks.some((c) => c.name === 'replay')) verdict.checks.push(replayNotApplied('dry-run'));
    return { applied: false, kind: null, key: null, held: false, usedAt: null, keepUntil: null };
  }
  const [state, ledger] = await Promise.all([deps.store.replayState(tenantId, verdict.replay.key), replayJson(deps.store, tenantId, verdict.replay.key)]);
  verdict.checks.push(replayCheck(verdict.replay, state, nowMs, 'dry-run'));
  return { applied: false, ...ledger };
}

/**
 * POST /check `{ tenant, token }`: the verdict the tenant's consume route would give now, by the
 * receiver clock, without spending the replay key, creating a user or session, or recording an
 * attempt. `referer`/`origin` stand in for the consume request's headers (HappyFox whitelisting).
 */
export function addCheckRoutes(router: ReceiverRouter, deps: AppDeps, guard: ApiGuard): void {
  router.post('/check', ...guard, readJsonBody, async function dryRun(ctx: ReceiverContext) {
    const input = parseWith(checkRequest, bodyOf(ctx), 'body', 'field');
    const tenant = deps.tenants.get(input.tenant);
    if (!tenant) {
      throw new ReceiverError(
        'tenant_unknown',
        'Not Found',
        `no tenant "${input.tenant.slice(0, 64)}"; tenants: ${
          deps.tenants
            .list()
            .map((t) => t.id)
            .join(', ') || '(none)'
        }`,
      );
    }
    const nowMs = deps.clock.nowMs();
    const request = input.referer !== undefined || input.origin !== undefined ? { referer: input.referer, origin: input.origin } : undefined;
    const otherTenants = () => deps.tenants.list().filter((t) => t.id !== tenant.id);
    const verdict = await runPipeline({ tenant, token: input.token, nowMs, request, otherTenants });
    const replay = await dryRunReplay(deps, tenant.id, verdict, nowMs);
    const body: CheckAnswerJson = {
      dryRun: true,
      tenant: tenant.id,
      profile: tenant.profile.id,
      at: nowMs,
      accepted: verdict.accepted,
      code: verdict.code,
      message: verdict.message,
      checks: verdict.checks,
      header: verdict.header,
      claims: verdict.claims,
      identity: verdict.identity,
      secretIndex: verdict.secretIndex,
      replay,
    };
    ctx.body = body;
  });
}
