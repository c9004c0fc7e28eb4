import type { AppDeps, ReceiverContext, ReceiverRouter } from '../state';
import type { HealthJson } from './schemas/health';

/** GET /health: open to every client (a load balancer, `healthcheck`), whatever the API's access. */
export function addHealthRoute(router: ReceiverRouter, deps: AppDeps): void {
  router.get('/health', function health(ctx: ReceiverContext) {
    const database = deps.store.unreadableReason() ?? 'ok';
    ctx.set('Cache-Control', 'no-store');
    ctx.status = database === 'ok' ? 200 : 503;
    const body: HealthJson = {
      status: database === 'ok' ? 'ok' : 'unavailable',
      version: deps.version,
      database,
      clock: deps.clock.describe(),
      uptimeSeconds: Math.round(process.uptime()),
      tenants: deps.tenants.list().map((t) => ({ id: t.id, profile: t.profile.id })),
    };
    ctx.body = body;
  });
}
