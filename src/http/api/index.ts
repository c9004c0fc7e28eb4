import type { Next } from 'koa';
import { ReceiverError } from '../../errors';
import type { AppDeps, ReceiverContext, ReceiverRouter } from '../state';
import { requireApiAccess, type ApiGuard } from './access';
import { addAttemptRoutes } from './attempts';
import { addCheckRoutes } from './check';
import { addClockRoutes } from './clock';
import { addHealthRoute } from './health';
import { answerJsonErrors, renderApiError } from './json-errors';
import { addOpenApiRoute } from './openapi-route';
import { addSessionRoutes } from './sessions';
import { addStateRoutes } from './state';
import { addTenantRoutes } from './tenants';
import { addUserRoutes } from './users';

/**
 * The inspection and control API on the `/_receiver` router: health (open to every client), then
 * every other route behind JSON errors and the access guard (admin token, or loopback only).
 */
export function addInspectionApi(router: ReceiverRouter, deps: AppDeps): void {
  addHealthRoute(router, deps);
  const guard: ApiGuard = [answerJsonErrors(deps.logger), requireApiAccess(deps)];
  addOpenApiRoute(router, deps, guard);
  addAttemptRoutes(router, deps, guard);
  addUserRoutes(router, deps, guard);
  addSessionRoutes(router, deps, guard);
  addStateRoutes(router, deps, guard);
  addTenantRoutes(router, deps, guard);
  addClockRoutes(router, deps, guard);
  addCheckRoutes(router, deps, guard);
}

/** `METHOD /path` of every route on the router (HEAD implied by GET). */
export function routeList(router: ReceiverRouter): string[] {
  return router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${String(layer.path)}`));
}

/**
 * Runs after the `/_receiver` router: a /_receiver path it did not answer is a JSON 405 (the path
 * exists for other methods) or 404, never the default tenant's page.
 */
export function receiverApiFallback(router: ReceiverRouter) {
  return async function receiverApiFallback(ctx: ReceiverContext, next: Next): Promise<void> {
    if (ctx.path !== '/_receiver' && !ctx.path.startsWith('/_receiver/')) return next();
    const allowed = [...new Set(router.match(ctx.path, ctx.method).path.flatMap((layer) => layer.methods))];
    renderApiError(
      ctx,
      allowed.length > 0
        ? new ReceiverError('method_not_allowed', 'Method Not Allowed', `${ctx.method} is not served at ${ctx.path}; allowed: ${allowed.join(', ')}`, {
            status: 405,
            headers: { Allow: allowed.join(', ') },
          })
        : new ReceiverError(
            'api_route_unknown',
            'Not Found',
            `no route at ${ctx.path.slice(0, 200)}; the routes are ${routeList(router).join(', ')} (GET /_receiver/openapi.json describes them)`,
          ),
    );
  };
}
