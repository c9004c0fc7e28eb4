/**
 * Every default in one place, each with the sentence the README's configuration table shows
 * (scripts/readme.ts renders the table from this list; a test keeps the README in step).
 */
import { setting, type Setting } from './setting';

export const SERVER_DEFAULTS = {
  host: setting('127.0.0.1', 'Address to listen on. The receiver is a test tool: keep it on loopback unless you mean it.'),
  port: setting(8080, 'TCP port; 0 picks a free one and the bound URL is printed.'),
  db: setting('.receiver/receiver.db', 'SQLite file (created with its folder), or `:memory:` for a throw-away store.'),
  trustProxy: setting(false, 'Trust X-Forwarded-* headers (client address, https) from a reverse proxy.'),
  logLevel: setting(
    'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent',
    'pino log level. Logs never contain a token, a secret or a query string.',
  ),
  busyTimeoutMs: setting(2000, 'How long a write waits for a locked database before the login is refused with `store_unavailable`.'),
  maxUrlBytes: setting(16384, 'Longest request URL read; longer ones get `request_too_large`.'),
  adminToken: setting(
    null as string | null,
    'Bearer token for the inspection API under /_receiver/ (at least 16 characters). Unset: loopback clients only, and the API is off when `host` is beyond loopback.',
  ),
} as const;

export const STORE_DEFAULTS = {
  attemptsPerTenant: setting(10000, 'Attempts kept per tenant; older ones are pruned.'),
  sessionsPerTenant: setting(
    10000,
    'Sessions (and Zoho access tokens) kept per tenant, newest first; older ones are ended by housekeeping even before they expire.',
  ),
  housekeepingIntervalSeconds: setting(60, 'How often expired replay-ledger entries, sessions and surplus attempts are pruned.'),
} as const;

export const TENANT_OPTION_DEFAULTS = {
  futureIatToleranceSeconds: setting(5, 'How far in the future `iat` (and `nbf`, and past `exp`) may be before the token is refused; inside it, a warning.'),
  maxIatAgeSeconds: setting(null as number | null, "Override the vendor's maximum `iat` age (null: the profile's, 120 s for HappyFox and Mojo)."),
  strictTypes: setting(
    null as boolean | null,
    'Refuse a time claim sent as a numeric string or a fraction. null: as the vendor does (accepted with a warning where its own samples or verifying library accept them: Zendesk `iat`, Deskpro `iat`/`exp`/`nbf`; refused elsewhere). false accepts them everywhere with a warning.',
  ),
  strict: setting(
    false,
    "Refuse what the vendor's own samples or verifying library let through but a strict reading refuses (a fractional `iat` or `jti` or no `typ` at Zendesk, numeric strings at Deskpro), each otherwise accepted with a warning naming the risk.",
  ),
  maxTokenBytes: setting(8192, 'Longest token read; longer ones get `token_too_large` before any parsing.'),
  maxJtiLength: setting(255, 'Longest `jti` accepted, in characters.'),
  sessionTtlSeconds: setting(28800, 'Lifetime of a portal session created by a login.'),
  replayMarginSeconds: setting(60, 'How long past the last moment a token could be accepted its jti stays in the ledger.'),
} as const;

export const WHITELIST_DEFAULTS = {
  enabled: setting(false, 'HappyFox "Allow JWT login only from whitelisted domains". Off, as in the vendor\'s default.'),
  mode: setting('referer' as 'referer' | 'email' | 'either', "`referer`: the Referer/Origin host; `email`: the email's domain; `either`: one of them."),
  domains: setting([] as string[], 'Exact hosts (`idp.example.com`) or explicit subdomain wildcards (`*.example.com`).'),
  allowMissingReferer: setting(false, 'In `referer` mode, let a request without Referer or Origin through (for CI clients that send none).'),
} as const;

type Values<T extends Record<string, Setting<unknown>>> = { [K in keyof T]: T[K]['value'] };

export function valuesOf<T extends Record<string, Setting<unknown>>>(settings: T): Values<T> {
  return Object.fromEntries(Object.entries(settings).map(([key, s]) => [key, s.value])) as Values<T>;
}

/** Rows for the README's configuration table. */
export function settingRows(): Array<{ key: string; value: unknown; doc: string }> {
  const groups: Array<[string, Record<string, Setting<unknown>>]> = [
    ['server', SERVER_DEFAULTS],
    ['store', STORE_DEFAULTS],
    ['tenants[].options', TENANT_OPTION_DEFAULTS],
    ['tenants[].whitelist', WHITELIST_DEFAULTS],
  ];
  return groups.flatMap(([prefix, settings]) => Object.entries(settings).map(([key, s]) => ({ key: `${prefix}.${key}`, value: s.value, doc: s.doc })));
}
