import { parseConfig } from '../config/load';
import type { TenantConfig } from '../config/schema';
import { buildTenant } from '../tenants';
import { runPipeline } from '../verify/pipeline';
import type { Verdict } from '../verify/verdict';
import type { TenantInput } from './options';

/**
 * The verdict the receiver would give `token` at a tenant (a tenant config object, as in the config
 * file; `id` may be left out), judged at `atMs` (default now), without consuming anything: the
 * replay and request-bound checks (whitelist by referer) are not applied.
 */
export async function checkToken(tenant: Omit<TenantInput, 'id'> & { id?: string }, token: string, atMs = Date.now()): Promise<Verdict> {
  const [config] = parseConfig({ tenants: [{ id: 'default', ...tenant }] }, 'checkToken').tenants as [TenantConfig];
  return runPipeline({ tenant: buildTenant(config), token, nowMs: atMs });
}
