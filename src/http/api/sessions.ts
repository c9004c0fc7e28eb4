import { z } from 'zod/v4';
import type { AppDeps, ReceiverContext, ReceiverRouter } from '../state';
import type { ApiGuard } from './access';
import { limitParam, readQuery, tenantParam } from './params';
import type { SessionJson } from './schemas/session';
import { sessionRef } from './session-ref';

const sessionQuery = z.object({ tenant: tenantParam.optional(), limit: limitParam(100, 1000) }).strict();

/** GET /sessions: portal sessions and Zoho access tokens live by the receiver clock, newest first; never a session id. */
export function addSessionRoutes(router: ReceiverRouter, deps: AppDeps, guard: ApiGuard): void {
  router.get('/sessions', ...guard, async function listSessions(ctx: ReceiverContext) {
    const { tenant, limit } = readQuery(ctx, sessionQuery);
    const nowMs = deps.clock.nowMs();
    const sessions: SessionJson[] = (await deps.store.liveSessions(nowMs, tenant ?? null, limit)).map((s) => ({
      ref: sessionRef(s.idHash),
      tenant: s.tenant,
      userId: s.userId,
      email: s.email,
      createdAt: s.createdAt,
      expiresAt: s.expiresAt,
      expiresInSeconds: Math.floor((s.expiresAt - nowMs) / 1000),
    }));
    ctx.body = { sessions };
  });
}
