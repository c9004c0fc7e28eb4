import Router from '@koa/router';
import type { AppDeps, ReceiverContext } from './state';

/** `/_receiver/*`: the receiver's own endpoints, outside every tenant. */
export function receiverApi(deps: AppDeps): Router {
  const router = new Router({ prefix: '/_receiver' });

  router.get('/health', function health(ctx: ReceiverContext) {
    let database = 'ok';
    try {
      deps.store.db.prepare('SELECT 1').get();
    } catch (err) {
      database = (err as Error).message;
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.status = database === 'ok' ? 200 : 503;
    ctx.body = {
      status: database === 'ok' ? 'ok' : 'unavailable',
      version: deps.version,
      database,
      clock: deps.clock.describe(),
      uptimeSeconds: Math.round(process.uptime()),
      tenants: deps.tenants.list().map((t) => ({ id: t.id, profile: t.profile.id })),
    };
  });
  return router;
}
