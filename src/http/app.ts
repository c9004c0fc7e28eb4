import Router, { type RouterContext } from '@koa/router';
import Koa from 'koa';
import type { Next } from 'koa';
import { ReceiverError } from '../errors';
import { PROFILES, VENDORS, type Vendor } from '../vendors';
import { consumeQuery } from '../verify/contract';
import { receiverApiFallback } from './api';
import { consumeMiddleware } from './consume';
import { handleErrors } from './middleware/errors';
import { limitUrlLength, securityHeaders } from './middleware/guards';
import { logRequests } from './middleware/request-log';
import { writeResultHeader } from './middleware/result-header';
import { resolveTenant } from './middleware/tenant';
import { addPortalRoutes } from './portal';
import { receiverApi } from './receiver-api';
import type { AppDeps, ReceiverContext, ReceiverMiddleware, ReceiverState } from './state';

/** One router per profile: its consume route plus the shared portal pages, relative to the tenant. */
function profileRouter(profileId: keyof typeof PROFILES, deps: AppDeps): ReceiverMiddleware {
  const profile = PROFILES[profileId];
  // Case-sensitive, like the vendors' own routers: /JWT/ is not /jwt/.
  const router = new Router<ReceiverState>({ sensitive: true });
  // The vendor's routes first: middleware one adds for its consume path (Zoho's CORS) runs before the consume steps.
  const vendor: Vendor = VENDORS[profileId];
  vendor.routes?.(router, deps);
  for (const route of profile.consume) {
    const steps = consumeMiddleware(route, deps);
    for (const method of route.methods) router[method === 'GET' ? 'get' : 'post'](route.path, ...steps);
  }
  addPortalRoutes(router, deps);
  const routes = router.routes();
  const allowed = router.allowedMethods();
  const answered = async () => undefined;
  // The routes answer, or allowedMethods answers 405/501; only if neither did does `next` run.
  // The router sets its own fields (params, router) on the context it is handed; its types ask for them up front.
  return async (ctx: ReceiverContext, next) => {
    const routed = ctx as RouterContext<ReceiverState>;
    await routes(routed, () => allowed(routed, answered));
    // The router's own answer (status, Allow, its plain-text body) stays; only the result is named.
    if (ctx.status === 405 || ctx.status === 501) ctx.state.result = 'method_not_allowed';
    if (ctx.status === 404 && ctx.body === undefined) await next();
  };
}

/** Nothing matched inside the tenant: say what the tenant does serve (HappyFox's `/jwt/` slash is easy to miss). */
async function routeUnknown(ctx: ReceiverContext): Promise<void> {
  const { tenant, basePath } = ctx.state;
  const routes = tenant.profile.consume.map((r) => `${r.methods.join('|')} ${basePath}${r.path}?${consumeQuery(tenant.profile, r)}`).join(', ');
  throw new ReceiverError(
    'route_unknown',
    'Not Found',
    `tenant ${tenant.id} (${tenant.profile.vendor}) has no page at ${ctx.path}; its consume route is ${routes}, and its pages are /home, /tickets, /kb, /login, /logout`,
  );
}

/** Every path the `/_receiver` router could match: it is case-insensitive and takes a trailing slash. */
const RECEIVER_PATH = /^\/_receiver(?:\/|$)/i;

/**
 * The `/_receiver` router, asked only about its own paths: a login would otherwise pay for the
 * router testing each of its ~30 routes against `/jwt/`.
 */
function receiverApiRoutes(api: Router): ReceiverMiddleware {
  const routes = api.routes();
  return async function receiverApiRoutes(ctx, next) {
    if (RECEIVER_PATH.test(ctx.path)) await routes(ctx as RouterContext<ReceiverState>, next);
    else await next();
  };
}

/**
 * The Koa app: receiver API first, then the tenant the path names, then that tenant's profile
 * routes. Data flows one way: route -> tenant -> profile -> pipeline -> store -> response.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa<ReceiverState>({ proxy: deps.trustProxy });
  app.silent = true; // handleErrors logs; Koa's default would print to stderr
  const routers = new Map(Object.keys(PROFILES).map((id) => [id, profileRouter(id as keyof typeof PROFILES, deps)]));
  const api = receiverApi(deps);

  async function dispatchToProfile(ctx: ReceiverContext, next: Next): Promise<void> {
    // A tenant's profile is checked against PROFILES when the tenant is made, so a router exists.
    const route = routers.get(ctx.state.tenant.profile.id);
    if (route) await route(ctx, next);
    else await next();
  }

  app.use(logRequests(deps.logger, deps.baseUrl));
  app.use(securityHeaders);
  app.use(writeResultHeader);
  app.use(handleErrors(deps.logger));
  app.use(limitUrlLength(deps.maxUrlBytes));
  app.use(receiverApiRoutes(api));
  app.use(receiverApiFallback(api));
  app.use(resolveTenant(deps.tenants));
  app.use(dispatchToProfile);
  app.use(routeUnknown);
  return app;
}
