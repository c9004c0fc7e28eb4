import type { AppDeps, ReceiverContext, ReceiverRouter } from '../state';
import type { HealthJson } from './schemas/health';

/** GET /health: open to every client (a load balancer, `healthcheck`), whatever the API's access. */
export function addHealthRoute(router: ReceiverRouter, deps: AppDeps): void {
  router.get('/health', async function health(ctx: ReceiverContext) {
    // Answered within 50 ms whatever the database is doing: the store says `busy` rather than wait.
    const store = await deps.store.health();
    ctx.set('Cache-Control', 'no-store');
    ctx.status = store.state === 'unavailable' ? 503 : 200;
    const body: HealthJson = {
      status: store.state,
      version: deps.version,
      database: store.state === 'ok' ? 'ok' : (store.reason ?? store.state),
      tables: store.tables,
      clock: deps.clock.describe(),
      uptimeSeconds: Math.round(process.uptime()),
      tenants: deps.tenants.list().map((t) => ({ id: t.id, profile: t.profile.id })),
    };
    // Its JSON text rather than the object: for an object Koa checks `instanceof Response`, and that
    // first use of fetch's globals loads node's fetch implementation (undici, ~8 ms), in the answer
    // to the first probe of a server just started (`npm run bench`, start-up to ready).
    ctx.type = 'json';
    ctx.body = JSON.stringify(body);
  });
}
