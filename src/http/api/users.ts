import { z } from 'zod/v4';
import type { UserRow } from '../../store';
import type { AppDeps, ReceiverContext, ReceiverRouter } from '../state';
import type { ApiGuard } from './access';
import { readQuery, tenantParam } from './params';
import type { UserJson } from './schemas/user';

const userQuery = z.object({ tenant: tenantParam.optional() }).strict();

export function userJson(row: UserRow): UserJson {
  let attributes: Record<string, unknown> | null;
  try {
    attributes = row.attributes ? (JSON.parse(row.attributes) as Record<string, unknown>) : null;
  } catch {
    attributes = null; // written by the receiver as JSON; an unreadable value is shown as none
  }
  return { ...row, attributes };
}

/** GET /users: the users logins created, of one tenant or all, oldest first. */
export function addUserRoutes(router: ReceiverRouter, deps: AppDeps, guard: ApiGuard): void {
  router.get('/users', ...guard, async function listUsers(ctx: ReceiverContext) {
    const { tenant } = readQuery(ctx, userQuery);
    ctx.body = { users: (await deps.store.searchUsers({ tenant })).map(userJson) };
  });
}
