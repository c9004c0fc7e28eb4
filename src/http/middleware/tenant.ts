import type { Next } from 'koa';
import { ReceiverError } from '../../errors';
import type { TenantRegistry } from '../../tenants';
import type { ReceiverContext } from '../state';

const TENANT_PATH = /^\/t\/([^/]+)(\/.*)?$/;

/**
 * `/t/<id>/...` is tenant <id>; anything else is the `default` tenant. The rest of the path is
 * what the tenant's profile routes see. An unknown id is a 404, never the default tenant.
 */
export function resolveTenant(tenants: TenantRegistry) {
  return async function resolveTenant(ctx: ReceiverContext, next: Next): Promise<void> {
    const match = TENANT_PATH.exec(ctx.path);
    const id = match ? (match[1] as string) : 'default';
    const tenant = tenants.get(id);
    if (!tenant) {
      const known = tenants.list().map((t) => (t.id === 'default' ? '/' : `/t/${t.id}/`));
      throw new ReceiverError('tenant_unknown', 'Not Found', `no tenant "${id}" here; tenants are served at ${known.join(', ') || '(none configured)'}`);
    }
    ctx.state.tenant = tenant;
    ctx.state.basePath = match ? `/t/${id}` : '';
    if (match) ctx.path = match[2] ?? '/';
    await next();
  };
}
