/**
 * The engine's settings, each defined once: its zod type validates it, its `.default()` is the
 * default the receiver applies, and its description is the sentence of the README's configuration
 * table (defaults.ts reads both from here; a vendor's own options sit in its folder).
 */
import { z } from 'zod/v4';
import { domainPattern, seconds } from './setting';

const about = (description: string) => ({ description });

export const SERVER_SETTINGS = {
  host: z.string().min(1).default('127.0.0.1').meta(about('Address to listen on. The receiver is a test tool: keep it on loopback unless you mean it.')),
  port: z
    .number()
    .int()
    .min(0)
    .max(65535, 'must be a port number (0-65535)')
    .default(8080)
    .meta(about('TCP port; 0 picks a free one and the bound URL is printed.')),
  db: z
    .string()
    .min(1)
    .default('.receiver/receiver.db')
    .meta(
      about(
        'SQLite file (created with its folder), `:memory:` for a throw-away store, or a `postgres://user:password@host:port/db` URL (also `postgresql://`) to share one store between replicas; its query may set `schema=` (default helpdesk_jwt_receiver), `pool_size=` (10), `connect_timeout=` (seconds, 5), `statement_timeout=` (ms, 5000) and `sslmode=`. The password is never printed.',
      ),
    ),
  trustProxy: z.boolean().default(false).meta(about('Trust X-Forwarded-* headers (client address, https) from a reverse proxy.')),
  logLevel: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent'])
    .default('info')
    .meta(about('pino log level. Logs never contain a token, a secret or a query string.')),
  busyTimeoutMs: z
    .number()
    .int()
    .min(0)
    .default(2000)
    .meta(about('How long a write waits for a locked database before the login is refused with `store_unavailable`.')),
  maxUrlBytes: z.number().int().min(1024).max(1048576).default(16384).meta(about('Longest request URL read; longer ones get `request_too_large`.')),
  adminToken: z
    .string()
    .refine((t) => t.length >= 16, 'must be at least 16 characters')
    .nullable()
    .default(null)
    .meta(
      about(
        'Bearer token for the inspection API under /_receiver/ (at least 16 characters). Unset: loopback clients only, and the API is off when `host` is beyond loopback.',
      ),
    ),
};

export const STORE_SETTINGS = {
  attemptsPerTenant: z.number().int().min(1).default(10000).meta(about('Attempts kept per tenant; older ones are pruned.')),
  sessionsPerTenant: z
    .number()
    .int()
    .min(1)
    .default(10000)
    .meta(about('Sessions (and Zoho access tokens) kept per tenant, newest first; older ones are ended by housekeeping even before they expire.')),
  housekeepingIntervalSeconds: z
    .number()
    .int()
    .min(1)
    .default(60)
    .meta(about('How often expired replay-ledger entries, sessions and surplus attempts are pruned.')),
};

/** The options every tenant has, whatever its vendor. */
export const TENANT_OPTION_SETTINGS = {
  futureIatToleranceSeconds: seconds
    .default(5)
    .meta(about('How far in the future `iat` (and `nbf`, and past `exp`) may be before the token is refused; inside it, a warning.')),
  maxIatAgeSeconds: seconds.nullable().default(null).meta(about("Override the vendor's maximum `iat` age (null: the profile's, 120 s for HappyFox and Mojo).")),
  strictTypes: z
    .boolean()
    .nullable()
    .default(null)
    .meta(
      about(
        'Refuse a time claim sent as a numeric string or a fraction. null: as the vendor does (accepted with a warning where its own samples or verifying library accept them: Zendesk `iat`, Deskpro `iat`/`exp`/`nbf`; refused elsewhere). false accepts them everywhere with a warning.',
      ),
    ),
  strict: z
    .boolean()
    .default(false)
    .meta(
      about(
        "Refuse what the vendor's own samples or verifying library let through but a strict reading refuses (a fractional `iat` or `jti` or no `typ` at Zendesk, numeric strings at Deskpro), each otherwise accepted with a warning naming the risk.",
      ),
    ),
  maxTokenBytes: z
    .number()
    .int()
    .min(256, 'must be at least 256')
    .max(65536, 'must be at most 65536')
    .default(8192)
    .meta(about('Longest token read; longer ones get `token_too_large` before any parsing.')),
  maxJtiLength: z.number().int().min(1).max(4096).default(255).meta(about('Longest `jti` accepted, in characters.')),
  sessionTtlSeconds: seconds.min(1).default(28800).meta(about('Lifetime of a portal session created by a login.')),
  publicKey: z
    .string()
    .nullable()
    .default(null)
    .meta(
      about(
        'The PEM public key that verifies an RSA tenant (Deskpro with `algorithm: "RS256"`, Freshworks); null: the public half of a PEM private key given as the secret (as `mint` and `check` take it).',
      ),
    ),
  replayMarginSeconds: seconds.default(60).meta(about('How long past the last moment a token could be accepted its jti stays in the ledger.')),
};

export const WHITELIST_SETTINGS = {
  enabled: z.boolean().default(false).meta(about('HappyFox "Allow JWT login only from whitelisted domains". Off, as in the vendor\'s default.')),
  mode: z
    .enum(['referer', 'email', 'either'])
    .default('referer')
    .meta(about("`referer`: the Referer/Origin host; `email`: the email's domain; `either`: one of them.")),
  domains: z.array(domainPattern).default([]).meta(about('Exact hosts (`idp.example.com`) or explicit subdomain wildcards (`*.example.com`).')),
  allowMissingReferer: z
    .boolean()
    .default(false)
    .meta(about('In `referer` mode, let a request without Referer or Origin through (for CI clients that send none).')),
};
