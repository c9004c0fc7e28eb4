import { ReceiverError } from '../../errors';
import type { Tenant } from '../../tenants';
import type { AppDeps, ReceiverContext, ReceiverRouter, RoutedContext } from '../state';
import type { ApiGuard } from './access';
import { bodyOf, readJsonBody } from './json-body';
import { patchTenant, tenantJson, validateTenant } from './tenant-config';

/**
 * GET /tenants, GET /tenants/:id; POST /tenants (one config-file tenant entry) and PATCH
 * /tenants/:id (a JSON merge patch of its settings), validated exactly like the config file. The
 * registry is changed at once: the next request sees the tenant. Changes live until the receiver
 * stops; the config file is not written.
 */
export function addTenantRoutes(router: ReceiverRouter, deps: AppDeps, guard: ApiGuard): void {
  const { tenants } = deps;

  function served(ctx: RoutedContext): Tenant {
    const id = ctx.params.id ?? '';
    const tenant = tenants.get(id);
    if (!tenant) {
      throw new ReceiverError(
        'tenant_unknown',
        'Not Found',
        `no tenant "${id.slice(0, 64)}"; tenants: ${
          tenants
            .list()
            .map((t) => t.id)
            .join(', ') || '(none)'
        }; create one with POST /_receiver/tenants`,
      );
    }
    return tenant;
  }

  router.get('/tenants', ...guard, function listTenants(ctx: ReceiverContext) {
    ctx.body = { tenants: tenants.list().map(tenantJson) };
  });

  router.get('/tenants/:id', ...guard, function getTenant(ctx: RoutedContext) {
    ctx.body = tenantJson(served(ctx));
  });

  router.post('/tenants', ...guard, readJsonBody, function createTenant(ctx: ReceiverContext) {
    const tenant = validateTenant(bodyOf(ctx));
    if (tenants.get(tenant.id)) {
      throw new ReceiverError('tenant_exists', 'Conflict', `tenant "${tenant.id}" is already served; change it with PATCH /_receiver/tenants/${tenant.id}`);
    }
    tenants.set(tenant);
    ctx.status = 201;
    ctx.set('Location', `/_receiver/tenants/${tenant.id}`);
    ctx.body = tenantJson(tenant);
  });

  router.patch('/tenants/:id', ...guard, readJsonBody, function changeTenant(ctx: RoutedContext) {
    const tenant = patchTenant(served(ctx), bodyOf(ctx));
    tenants.set(tenant);
    ctx.body = tenantJson(tenant);
  });
}
