import type Router from '@koa/router';
import type { AppDeps, ReceiverContext } from '../state';
import type { HealthJson } from './types';

/** GET /health: open to every client (a load balancer, `healthcheck`), whatever the API's access. */
export function addHealthRoute(router: Router, deps: AppDeps): void {
  router.get('/health', async function health(ctx: ReceiverContext) {
    const store = await deps.store.health();
    const database = store.state === 'unavailable' ? (store.reason ?? 'unavailable') : 'ok';
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
