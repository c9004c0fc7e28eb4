import { z } from 'zod/v4';
import type { AppDeps, ReceiverContext, ReceiverRouter } from '../state';
import type { ApiGuard } from './access';
import { readQuery, tenantParam } from './params';
import type { StateDeletedJson } from './schemas/state';

const stateQuery = z.object({ tenant: tenantParam.optional() }).strict();

/**
 * DELETE /state: forgets attempts, users, sessions and spent replay keys, of one tenant or all, in
 * one transaction after the logins already queued. Tenants, their secrets and the clock stay.
 */
export function addStateRoutes(router: ReceiverRouter, deps: AppDeps, guard: ApiGuard): void {
  router.delete('/state', ...guard, async function deleteState(ctx: ReceiverContext) {
    const { tenant } = readQuery(ctx, stateQuery);
    const removed = await deps.store.clear(tenant); // a database that refuses: store_unavailable, 503
    const body: StateDeletedJson = {
      tenant: tenant ?? null,
      deleted: { attempts: removed.attempts, users: removed.users, sessions: removed.sessions, ledger: removed.replay_ledger },
    };
    ctx.body = body;
  });
}
