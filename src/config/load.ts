import { readFileSync } from 'node:fs';
import type { ZodIssue } from 'zod';
import { ConfigError } from '../errors';
import { DEFAULT_PROFILE, PROFILE_IDS, VENDORS, type ProfileId } from '../vendors';
import { suggestionFor } from './did-you-mean';
import { jsonSyntaxProblem } from './json-error';
import { knownSettingsAt } from './known-settings';
import { fileSchema, type FileConfig, type ServerConfig } from './schema';

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

/** `['tenants', 1, 'whitelist', 'mode']` -> `tenants[1].whitelist.mode` */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '') || '(top level)';
}

/** One zod issue in the config file's words: `whitelist.mode must be one of referer, email, either`. */
export function describeIssue(issue: ZodIssue): string {
  const at = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return `${at} is required`;
      if (issue.expected === 'integer') return `${at} must be a whole number`;
      return `${at} must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected} (got ${issue.received})`;
    case 'invalid_enum_value':
      return `${at} must be one of ${issue.options.join(', ')}`;
    case 'unrecognized_keys':
      return issue.keys.map((k) => `${formatPath([...issue.path, k])} is not a known setting`).join('; ');
    case 'too_small':
      if (issue.type === 'string') return `${at} must not be empty`;
      if (issue.type === 'array') return `${at} must list at least ${issue.minimum} item(s)`;
      return `${at} must be at least ${issue.minimum}`;
    case 'too_big':
      return `${at} must be at most ${issue.maximum}`;
    default:
      return `${at} ${issue.message}`;
  }
}

/**
 * describeIssue with a did-you-mean where a word is close to a valid one: an unknown setting (one
 * problem per key, the candidates read from the schema at that level), or an enum value such as a
 * profile (`zendsk`).
 */
function explainIssue(issue: ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownSettingsAt(fileSchema, issue.path);
    return issue.keys.map((key) => `${describeIssue({ ...issue, keys: [key] })}${suggestionFor(key, known)}`);
  }
  if (issue.code === 'invalid_enum_value' && typeof issue.received === 'string') {
    return [`${describeIssue(issue)}${suggestionFor(issue.received, issue.options.map(String))}`];
  }
  return [describeIssue(issue)];
}

/** Validates a parsed config object; every problem is named by its exact path. */
export function parseConfig(raw: unknown, source?: string, generatedSecretTenants: readonly string[] = []): FileConfig {
  const result = fileSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(result.error.issues.flatMap(explainIssue), source);
  const missing = result.data.tenants.flatMap((t, i) =>
    t.secret === undefined && t.secrets === undefined && !generatedSecretTenants.includes(t.id) && t.options.publicKey === undefined
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
