import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors';
import { DEFAULT_PROFILE, PROFILE_IDS, VENDORS, type ProfileId } from '../vendors';
import { explainIssue } from './describe-issue';
import { jsonSyntaxProblem } from './json-error';
import { tenantIssues } from './tenant-issues';
import { fileSchema, type FileConfig, type ServerConfig } from './schema';

export { describeIssue, formatPath } from './describe-issue';

/** What the command line (or its environment twins) says; each overrides the file. */
export interface ConfigOverrides {
  config?: string;
  profile?: string;
  secret?: string;
  host?: string;
  port?: number;
  db?: string;
  logLevel?: string;
  adminToken?: string;
}

export interface ReceiverConfig extends FileConfig {
  /** Tenant ids whose secret the receiver generates (and keeps in its database). */
  generatedSecretTenants: string[];
}

/** Validates a parsed config object; every problem is named by its exact path. */
export function parseConfig(raw: unknown, source?: string, generatedSecretTenants: readonly string[] = []): FileConfig {
  // jitless: the config is parsed once, and zod's compiled fast path for its objects (generated with
  // new Function on the first parse) cost more to build than the one parse it would speed up (start-up).
  const result = fileSchema.safeParse(raw, { reportInput: true, jitless: true });
  if (!result.success)
    throw new ConfigError(
      tenantIssues(result.error.issues, raw).flatMap((issue) => explainIssue(issue, fileSchema)),
      source,
    );
  const missing = result.data.tenants.flatMap((t, i) =>
    t.secret === undefined && t.secrets === undefined && !generatedSecretTenants.includes(t.id) && t.options.publicKey === null
      ? [`tenants[${i}].secret is required (or secrets: [...])`]
      : [],
  );
  if (missing.length > 0) throw new ConfigError(missing, source);
  return result.data;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`cannot read the file: ${(err as Error).message}`], path);
  }
  // A byte-order mark (Windows editors write one) is not JSON, but it is not a mistake either.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([jsonSyntaxProblem(text, err as Error)], path);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(['(top level) must be a JSON object'], path);
  }
  return raw as Record<string, unknown>;
}

/**
 * What `npm start` serves with nothing configured: the default HappyFox tenant at `/` and one tenant
 * of every other vendor at `/t/<profile id>/`, so every README walk-through works straight away.
 */
/** A vendor verified with the IdP's public key (Freshworks) has no secret the receiver could make up: it needs its own tenant. */
const sharedSecretVendor = (id: ProfileId): boolean => !VENDORS[id].contract.algorithms.every((alg) => alg.startsWith('RS'));

const outOfTheBoxTenants = (): Array<{ id: string; profile: ProfileId }> => [
  { id: 'default', profile: DEFAULT_PROFILE },
  ...PROFILE_IDS.filter((id) => id !== DEFAULT_PROFILE && sharedSecretVendor(id)).map((id) => ({ id, profile: id })),
];

/**
 * The file (if any), then the flags on top. With no tenant and no flag at all, the out-of-the-box
 * tenants (one per vendor with a shared secret). With `--profile`/`--secret` and no `default` tenant in the file, a
 * `default` tenant is made, HappyFox unless `--profile` says otherwise. Made-up tenants without a
 * `--secret` get a generated secret kept in the database. A tenant written in the file must carry
 * its own secret: a missing one is an error.
 */
export function loadConfig(overrides: ConfigOverrides = {}): ReceiverConfig {
  const raw = overrides.config ? readConfigFile(overrides.config) : {};
  const source = overrides.config ?? 'command line';
  const fileServer = raw.server;
  const serverIsObject = fileServer === undefined || (typeof fileServer === 'object' && fileServer !== null && !Array.isArray(fileServer));
  // A `server` that is not an object goes to the schema as it is, to be named there.
  const serverRaw: Record<string, unknown> = serverIsObject ? { ...(fileServer as Record<string, unknown> | undefined) } : (fileServer as never);
  const serverFlags: Partial<Record<keyof ServerConfig, unknown>> = {
    host: overrides.host,
    port: overrides.port,
    db: overrides.db,
    logLevel: overrides.logLevel,
    adminToken: overrides.adminToken,
  };
  if (serverIsObject) for (const [key, value] of Object.entries(serverFlags)) if (value !== undefined) serverRaw[key] = value;

  const tenants = raw.tenants === undefined ? [] : Array.isArray(raw.tenants) ? [...(raw.tenants as unknown[])] : raw.tenants;
  const generatedSecretTenants: string[] = [];
  if (Array.isArray(tenants)) {
    const index = tenants.findIndex((t) => (t as { id?: unknown } | null)?.id === 'default');
    const flagged = { profile: overrides.profile, secret: overrides.secret };
    if (index >= 0) {
      const tenant = { ...(tenants[index] as Record<string, unknown>) };
      if (flagged.profile !== undefined) tenant.profile = flagged.profile;
      if (flagged.secret !== undefined) {
        tenant.secret = flagged.secret;
        delete tenant.secrets;
      }
      tenants[index] = tenant;
    } else if (tenants.length === 0 && flagged.profile === undefined && flagged.secret === undefined) {
      const made = outOfTheBoxTenants();
      tenants.push(...made);
      generatedSecretTenants.push(...made.map((t) => t.id));
    } else if (tenants.length === 0 || flagged.profile !== undefined || flagged.secret !== undefined) {
      if (flagged.secret === undefined) generatedSecretTenants.push('default');
      tenants.unshift({ id: 'default', profile: flagged.profile ?? DEFAULT_PROFILE, secret: flagged.secret });
    }
  }
  const parsed = parseConfig({ ...raw, server: serverRaw, tenants: tenants ?? [] }, source, generatedSecretTenants);
  return { ...parsed, generatedSecretTenants };
}
