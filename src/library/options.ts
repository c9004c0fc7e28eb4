import type { z } from 'zod/v4';
import type { Clock } from '../clock';
import { loadConfig, parseConfig, type ReceiverConfig } from '../config/load';
import type { fileSchema, tenantSchema } from '../config/schema';
import { ConfigError } from '../errors';
import { isPostgresUrl } from '../store/postgres/url';
import { DEFAULT_PROFILE, type ProfileId } from '../vendors';

/** One tenant as written in the config file (`tenants[]`): defaults may be left out. */
export type TenantInput = z.input<typeof tenantSchema>;
/** The config file's content as an object. */
export type ConfigInput = z.input<typeof fileSchema>;

export interface StartReceiverOptions {
  /** Shorthand for the `default` tenant (served at `url`): its secret. */
  secret?: string;
  /** Shorthand for the `default` tenant: its profile. Default: the registry's DEFAULT_PROFILE (HappyFox). */
  profile?: ProfileId;
  /** Tenants as in the config file's `tenants` (each also served at `/t/<id>`). */
  tenants?: TenantInput[];
  /**
   * A config file's path, or its content as an object. All of it applies but `server.port`,
   * `server.db` and `server.logLevel`: the options below decide those, so suites never collide.
   */
  config?: string | ConfigInput;
  /** Default 0: a free port, so parallel suites never collide. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Default `:memory:`: a store of this receiver's own, gone at close(). A SQLite file, or a
   * `postgres://` URL: receivers given the same URL and schema share one ledger, attempts, users and sessions.
   */
  db?: string;
  /** With a `postgres://` db: the schema (created at start), so parallel suites on one server share nothing. Wins over the URL's `?schema=`. */
  schema?: string;
  /** pino level of the request log. Default `silent`. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** A clock to share with other code; default a fresh one on real time. */
  clock?: Clock;
}

const SOURCE = 'startReceiver';

/**
 * The receiver config for `options`. The `profile`/`secret` shorthands make or amend the `default`
 * tenant as the CLI flags do; unlike the CLI, a secret is never generated (a test must know it).
 */
export function receiverConfig(options: StartReceiverOptions): ReceiverConfig {
  const server = {
    port: options.port ?? 0,
    db: withSchema(options.db ?? ':memory:', options.schema),
    logLevel: options.logLevel ?? 'silent',
    host: options.host,
  };
  if (typeof options.config === 'string') {
    if (options.tenants) throw new ConfigError(['give tenants in the config file or as the tenants option, not both'], SOURCE);
    const config = loadConfig({ config: options.config, profile: options.profile, secret: options.secret, ...server });
    if (config.generatedSecretTenants.length > 0) throw missingSecret();
    return config;
  }
  const file = options.config ?? {};
  // Tenants that are not a list go to the schema as they are, to be named there.
  if (file.tenants !== undefined && !Array.isArray(file.tenants)) return { ...parseConfig(file, SOURCE), generatedSecretTenants: [] };
  const tenants: unknown[] = [...(file.tenants ?? []), ...(options.tenants ?? [])];
  const index = tenants.findIndex((t) => (t as { id?: unknown }).id === 'default');
  if (index >= 0) {
    const tenant = { ...(tenants[index] as Record<string, unknown>) };
    if (options.profile !== undefined) tenant.profile = options.profile;
    if (options.secret !== undefined) {
      tenant.secret = options.secret;
      delete tenant.secrets;
    }
    tenants[index] = tenant;
  } else if (tenants.length === 0 || options.profile !== undefined || options.secret !== undefined) {
    if (options.secret === undefined) throw missingSecret();
    tenants.unshift({ id: 'default', profile: options.profile ?? DEFAULT_PROFILE, secret: options.secret });
  }
  const definedServer = Object.fromEntries(Object.entries(server).filter(([, v]) => v !== undefined));
  const parsed = parseConfig({ ...file, server: { ...file.server, ...definedServer }, tenants }, SOURCE);
  return { ...parsed, generatedSecretTenants: [] };
}

/** The schema option carried in the URL's own `?schema=`, which the PostgreSQL store reads. */
function withSchema(db: string, schema: string | undefined): string {
  if (schema === undefined) return db;
  if (!isPostgresUrl(db)) throw new ConfigError(['the schema option is for a postgres:// db; give db a PostgreSQL URL or leave schema out'], SOURCE);
  const url = new URL(db);
  url.searchParams.set('schema', schema);
  return url.toString();
}

function missingSecret(): ConfigError {
  return new ConfigError(['the default tenant needs a secret: startReceiver({ secret }), or tenants: [{ id, profile, secret }]'], SOURCE);
}
