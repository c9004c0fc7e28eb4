import { createPublicKey, type KeyObject } from 'node:crypto';
import type { TenantConfig, TenantOptions, WhitelistConfig } from './config/schema';
import { getProfile, type Profile } from './vendors';
import { keyFor } from './verify/signature';

/** A tenant as the pipeline and the routes use it: its profile resolved, its secrets known. */
export interface Tenant {
  id: string;
  profile: Profile;
  /** Any of these verifies; the first is the current one (rotation). */
  secrets: string[];
  /** Where the secrets came from: a generated one may be printed in the banner, others never. */
  secretSource: 'config' | 'generated';
  /** The only algorithms accepted: the vendor's, or the one the tenant picked (Deskpro). */
  algorithms: string[];
  /** Verification keys in order: the HMAC keys of `secrets`, or the configured RSA public key. */
  keys: KeyObject[];
  remoteLoginUrl: string | null;
  remoteLogoutUrl: string | null;
  whitelist: WhitelistConfig;
  options: TenantOptions;
}

/** The tenants served by one receiver. Lookups are by id; `default` is also served at `/`. */
export class TenantRegistry {
  private readonly byId = new Map<string, Tenant>();

  constructor(tenants: Iterable<Tenant>) {
    for (const t of tenants) this.byId.set(t.id, t);
  }

  get(id: string): Tenant | undefined {
    return this.byId.get(id);
  }

  list(): Tenant[] {
    return [...this.byId.values()];
  }

  /** Adds a tenant, or replaces the one with its id; the next request sees it. */
  set(tenant: Tenant): void {
    this.byId.set(tenant.id, tenant);
  }
}

/** A validated tenant config made into a Tenant; `generated` is the stored secret for a tenant without one. */
export function buildTenant(config: TenantConfig, generated?: string): Tenant {
  const secrets = config.secrets ?? (config.secret !== undefined ? [config.secret] : generated !== undefined ? [generated] : []);
  const profile = getProfile(config.profile);
  const options: TenantOptions = config.options;
  const algorithms = options.algorithm ? [options.algorithm] : [...profile.algorithms];
  // An RSA tenant verifies with its public key, or the public half of a PEM key given as its secret (mint's and check's way).
  const keys = algorithms[0]?.startsWith('RS') ? [createPublicKey(options.publicKey ?? secrets[0] ?? '')] : secrets.map(keyFor);
  if (keys.length === 0) throw new Error(`tenant ${config.id} has no secret`);
  return {
    id: config.id,
    profile,
    secrets,
    secretSource: (config.secrets ?? config.secret) ? 'config' : 'generated',
    algorithms,
    keys,
    remoteLoginUrl: config.remoteLoginUrl ?? null,
    remoteLogoutUrl: config.remoteLogoutUrl ?? null,
    whitelist: config.whitelist,
    options,
  };
}
