import { z } from 'zod/v4';
import { tenantSchema, type TenantConfig } from '../../config/schema';
import { tenantIssues } from '../../config/tenant-issues';
import { buildTenant, type Tenant } from '../../tenants';
import { describeIssues, InvalidRequest, parseWith } from './invalid-request';
import type { TenantJson } from './schemas/tenant';

type Json = Record<string, unknown>;

/** PATCH /tenants/:id's body: any JSON object, merged into the tenant, which is then validated whole. */
export const tenantPatch = z.record(z.string(), z.unknown()).meta({
  description: 'JSON merge patch (RFC 7396) of a TenantInput: objects merge, null removes a setting; secret replaces secrets and secrets replaces secret',
});

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A tenant as the API shows it: everything but its secrets, which are only counted. */
export function tenantJson(t: Tenant): TenantJson {
  const base = t.id === 'default' ? '' : `/t/${t.id}`;
  return {
    id: t.id,
    profile: t.profile.id,
    vendor: t.profile.vendor,
    path: `${base}/`,
    consume: t.profile.consume.map((r) => `${r.methods.join('|')} ${base}${r.path}`),
    algorithms: [...t.algorithms],
    secrets: { count: t.secrets.length, source: t.secretSource },
    remoteLoginUrl: t.remoteLoginUrl,
    remoteLogoutUrl: t.remoteLogoutUrl,
    whitelist: t.whitelist,
    options: t.options,
  };
}

/** The config-file entry a served tenant corresponds to (defaults filled in), as the base of a patch. */
function configOf(t: Tenant): Json {
  const config: Json = { id: t.id, profile: t.profile.id, whitelist: { ...t.whitelist }, options: { ...t.options } };
  if (t.secrets.length > 0) config.secrets = [...t.secrets];
  if (t.remoteLoginUrl !== null) config.remoteLoginUrl = t.remoteLoginUrl;
  if (t.remoteLogoutUrl !== null) config.remoteLogoutUrl = t.remoteLogoutUrl;
  return config;
}

/** RFC 7396 JSON merge patch: objects merge, `null` removes a member, anything else replaces it. */
export function mergePatch(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value)) out[key] = mergePatch(isObject(out[key]) ? (out[key] as Json) : {}, value);
    else out[key] = value;
  }
  return out;
}

/**
 * Validates one tenant exactly as the config file does (tenantSchema and its path-naming
 * messages, e.g. `whitelist.mode must be one of referer, email, either`) and builds it.
 */
export function validateTenant(raw: Json): Tenant {
  const result = tenantSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new InvalidRequest(describeIssues(tenantIssues(result.error.issues, raw)), 'tenant');
  const config: TenantConfig = result.data;
  if (config.secret === undefined && config.secrets === undefined && !('algorithm' in config.options && config.options.algorithm === 'RS256')) {
    throw new InvalidRequest(['secret is required (or secrets: [...])'], 'tenant');
  }
  try {
    return buildTenant(config);
  } catch (err) {
    throw new InvalidRequest([(err as Error).message], 'tenant');
  }
}

/**
 * A served tenant changed by a merge patch, validated as a whole. `secret` replaces the secrets
 * and `secrets` the secret; a tenant whose generated secret the patch leaves alone keeps it.
 */
export function patchTenant(current: Tenant, body: Json): Tenant {
  const patch = parseWith(tenantPatch, body, 'body', 'field');
  if (patch.id !== undefined && patch.id !== current.id) {
    throw new InvalidRequest([`id cannot be changed (it is the tenant's path); create ${JSON.stringify(patch.id)} with POST /_receiver/tenants`], 'tenant');
  }
  const base = configOf(current);
  const touchesSecrets = Object.hasOwn(patch, 'secret') || Object.hasOwn(patch, 'secrets');
  if (Object.hasOwn(patch, 'secret')) delete base.secrets;
  if (Object.hasOwn(patch, 'secrets')) delete base.secret;
  const tenant = validateTenant(mergePatch(base, patch));
  return touchesSecrets || current.secretSource !== 'generated' ? tenant : { ...tenant, secretSource: 'generated' };
}
