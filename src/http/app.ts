import Router from '@koa/router';
import Koa from 'koa';
import type { Next } from 'koa';
import { PROFILES } from '../profiles';
import { consumeMiddleware } from './consume';
import { handleErrors, logRequests } from './middleware/errors';
import { limitUrlLength, securityHeaders } from './middleware/guards';
import { resolveTenant } from './middleware/tenant';
import { addPortalRoutes } from './portal';
import { receiverApi } from './receiver-api';
import type { AppDeps, ReceiverContext } from './state';

/** One router per profile: its consume route plus the shared portal pages, relative to the tenant. */
function profileRouter(profileId: keyof typeof PROFILES, deps: AppDeps): Koa.Middleware {
  const profile = PROFILES[profileId];
  const router = new Router();
  router.get(profile.consume.path, ...(consumeMiddleware(profile.consume, deps) as Koa.Middleware[]));
  addPortalRoutes(router, deps);
  const routes = router.routes();
  const allowed = router.allowedMethods();
  return async (ctx, next) => routes(ctx as never, () => allowed(ctx as never, next));
}

/**
 * The Koa app: receiver API first, then the tenant the path names, then that tenant's profile
 * routes. Data flows one way: route -> tenant -> profile -> pipeline -> store -> response.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: deps.trustProxy });
  app.silent = true; // handleErrors logs; Koa's default would print to stderr
  const routers = new Map(Object.keys(PROFILES).map((id) => [id, profileRouter(id as keyof typeof PROFILES, deps)]));
  const api = receiverApi(deps);

  async function dispatchToProfile(ctx: ReceiverContext, next: Next): Promise<void> {
    await (routers.get(ctx.state.tenant.profile.id) as Koa.Middleware)(ctx, next);
  }

  app.use(logRequests(deps.logger));
  app.use(securityHeaders);
  app.use(handleErrors(deps.logger));
  app.use(limitUrlLength(deps.maxUrlBytes));
  app.use(api.routes());
  app.use(resolveTenant(deps.tenants));
  app.use(dispatchToProfile as Koa.Middleware);
  return app;
}
