import { types, type PoolConfig } from 'pg';
import { isPostgresUrl } from './url';

export { isPostgresUrl };

/** How a PostgreSQL store connects: the URL, and what the URL's own query may also say. */
export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/db?sslmode=verify-full (libpq's TLS modes; see `pg`). */
  url: string;
  /** Where the receiver's tables live; created at start. Also `?schema=` in the URL. */
  schema?: string;
  /** Attempts kept per tenant by housekeeping (as on SQLite). */
  attemptsPerTenant: number;
  /** Sessions kept per tenant by housekeeping, newest first (as on SQLite); default: as many as attempts. */
  sessionsPerTenant?: number;
  /** Connections in the pool (`?pool_size=`); default 10. */
  poolSize?: number;
  /** How long a request waits for a connection, or a connection for the server (`?connect_timeout=`, seconds as in libpq); default 5 s. */
  connectTimeoutMs?: number;
  /** The server cancels a statement running longer (`?statement_timeout=`, ms); default 5 s. */
  statementTimeoutMs?: number;
  /**
   * Tell the other replicas of each attempt (NOTIFY at commit) and hear theirs (LISTEN), so
   * `on('attempt')` hears every replica's attempts. Default true.
   */
  shareEvents?: boolean;
}

export const DEFAULT_SCHEMA = 'helpdesk_jwt_receiver';
export const DEFAULTS = { poolSize: 10, connectTimeoutMs: 5000, statementTimeoutMs: 5000 } as const;

/** A schema name used as is in SQL (quoted), so only a plain identifier. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface ResolvedOptions {
  schema: string;
  /** The URL without its password: what errors and banners print. */
  location: string;
  poolSize: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  shareEvents: boolean;
  attemptsPerTenant: number;
  sessionsPerTenant: number;
  /** For `pg`: the URL without the receiver's own parameters. */
  connectionString: string;
}

const OWN_PARAMS = ['schema', 'pool_size', 'connect_timeout', 'statement_timeout'] as const;

function positiveInt(name: string, raw: string | null | undefined, scale = 1): number | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got ${JSON.stringify(raw)})`);
  return n * scale;
}

/** Reads the URL and the options (the options win over the URL's query), with defaults. */
export function resolveOptions(options: PostgresStoreOptions): ResolvedOptions {
  if (!isPostgresUrl(options.url)) throw new Error('the PostgreSQL store takes a postgres:// or postgresql:// URL');
  const url = new URL(options.url);
  const own = Object.fromEntries(OWN_PARAMS.map((p) => [p, url.searchParams.get(p)]));
  for (const p of OWN_PARAMS) url.searchParams.delete(p);
  const schema = options.schema ?? own.schema ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema must be a plain identifier (letters, digits, _; got ${JSON.stringify(schema)})`);
  const shown = new URL(url.toString());
  shown.password = '';
  shown.searchParams.delete('password'); // libpq also takes the password as a parameter
  shown.searchParams.set('schema', schema);
  return {
    schema,
    location: shown.toString(),
    poolSize: options.poolSize ?? positiveInt('pool_size', own.pool_size) ?? DEFAULTS.poolSize,
    connectTimeoutMs: options.connectTimeoutMs ?? positiveInt('connect_timeout', own.connect_timeout, 1000) ?? DEFAULTS.connectTimeoutMs,
    statementTimeoutMs: options.statementTimeoutMs ?? positiveInt('statement_timeout', own.statement_timeout) ?? DEFAULTS.statementTimeoutMs,
    shareEvents: options.shareEvents ?? true,
    attemptsPerTenant: options.attemptsPerTenant,
    sessionsPerTenant: options.sessionsPerTenant ?? options.attemptsPerTenant,
    connectionString: url.toString(),
  };
}

/** bigint (int8) columns as numbers: ids and ms times stay far below 2^53. */
const parseTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.INT8 ? Number : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
};

/** The pool's settings: the server enforces the statement timeout, the client a read timeout a little past it (a dead peer never answers). */
export function poolConfig(o: ResolvedOptions, max = o.poolSize): PoolConfig {
  return {
    connectionString: o.connectionString,
    max,
    connectionTimeoutMillis: o.connectTimeoutMs,
    statement_timeout: o.statementTimeoutMs,
    query_timeout: o.statementTimeoutMs + o.connectTimeoutMs,
    idle_in_transaction_session_timeout: o.statementTimeoutMs * 2,
    keepAlive: true,
    application_name: 'helpdesk-jwt-receiver',
    types: parseTypes,
  };
}
