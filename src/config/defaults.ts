import type { TenantOptions } from './schema';

/**
 * Every default in one place, each with the sentence the README's configuration table shows
 * (scripts/readme.ts renders the table from this list; a test keeps the README in step).
 */
interface Setting<T> {
  value: T;
  doc: string;
}
const setting = <T>(value: T, doc: string): Setting<T> => ({ value, doc });

export const SERVER_DEFAULTS = {
  host: setting('127.0.0.1', 'Address to listen on. The receiver is a test tool: keep it on loopback unless you mean it.'),
  port: setting(8080, 'TCP port; 0 picks a free one and the bound URL is printed.'),
  db: setting('.receiver/receiver.db', 'SQLite file (created with its folder), or `:memory:` for a throw-away store.'),
  trustProxy: setting(false, 'Trust X-Forwarded-* headers (client address, https) from a reverse proxy.'),
  logLevel: setting('info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent', 'pino log level. Logs never contain a token, a secret or a query string.'),
  busyTimeoutMs: setting(2000, 'How long a write waits for a locked database before the login is refused with `store_unavailable`.'),
  maxUrlBytes: setting(16384, 'Longest request URL read; longer ones get `request_too_large`.'),
  adminToken: setting(null as string | null, 'Bearer token for the inspection API under /_receiver/ (at least 16 characters). Unset: loopback clients only, and the API is off when `host` is beyond loopback.'),
} as const;

export const STORE_DEFAULTS = {
  attemptsPerTenant: setting(10000, 'Attempts kept per tenant; older ones are pruned.'),
  housekeepingIntervalSeconds: setting(60, 'How often expired replay-ledger entries, sessions and surplus attempts are pruned.'),
} as const;

export const TENANT_OPTION_DEFAULTS = {
  futureIatToleranceSeconds: setting(5, 'How far in the future `iat` (and `nbf`, and past `exp`) may be before the token is refused; inside it, a warning.'),
  maxIatAgeSeconds: setting(null as number | null, 'Override the vendor\'s maximum `iat` age (null: the profile\'s, 120 s for HappyFox and Mojo).'),
  strictTypes: setting(
    null as boolean | null,
    'Refuse a time claim sent as a numeric string or a fraction. null: as the vendor does (accepted with a warning where its own samples or verifying library accept them: Zendesk `iat`, Deskpro `iat`/`exp`/`nbf`; refused elsewhere). false accepts them everywhere with a warning.',
  ),
  strict: setting(false, 'Refuse what the vendor\'s own samples or verifying library let through but a strict reading refuses (a fractional `iat` or `jti` or no `typ` at Zendesk, numeric strings at Deskpro), each otherwise accepted with a warning naming the risk.'),
  maxTokenBytes: setting(8192, 'Longest token read; longer ones get `token_too_large` before any parsing.'),
  maxJtiLength: setting(255, 'Longest `jti` accepted, in characters.'),
  sessionTtlSeconds: setting(28800, 'Lifetime of a portal session created by a login.'),
  replayMarginSeconds: setting(60, 'How long past the last moment a token could be accepted its jti stays in the ledger.'),
} as const;

/** Options that belong to one vendor's profile; each is refused on a tenant of another profile. */
export const VENDOR_OPTION_DEFAULTS = {
  algorithm: setting(null as 'HS256' | 'HS384' | 'HS512' | 'RS256' | null, 'Deskpro "Decryption Algorithm": the one algorithm accepted (null: HS256).'),
  publicKey: setting(null as string | null, 'Deskpro with `algorithm: "RS256"`: the PEM public key that verifies.'),
  strictDocs: setting(false, 'Deskpro: apply the admin guide (id, email, name, iat, exp, jti required; replay refused) instead of what its code does.'),
  allowGet: setting(true, 'Zendesk: accept GET /access/jwt besides the recommended POST form (false simulates the deprecation).'),
  iatSkewSeconds: setting(180, 'Zendesk: |now - iat| allowed, in seconds (180 observed in its error text; the docs say 120).'),
  returnToHosts: setting([] as string[], 'Zendesk: hosts (brand sites) a `return_to` URL may lead to besides the tenant itself.'),
  allowAltClaims: setting(false, 'Zoho ASAP: also accept the debug page\'s `nbf`/`iat` in seconds with `exp` in milliseconds.'),
  accessTokenTtlSeconds: setting(3600, 'Zoho ASAP: lifetime of the access token the exchange returns.'),
  addOnDomains: setting(
    null as string[] | null,
    'Zoho ASAP: hosts (exact or `*.domain`) whose pages may call POST /asap/jwt and GET /asap/me from a browser (CORS), as Zoho allows the web add-on only on the domain entered on its setup page. null: loopback hosts only (localhost, *.localhost, 127.0.0.1, [::1]), any port. `[]`: no browser origin.',
  ),
} as const;

/**
 * A vendor option's value on a tenant, or its documented default. Here, not in schema.ts, because
 * profiles read it and schema.ts imports the profile registry.
 */
export function vendorOption<K extends keyof typeof VENDOR_OPTION_DEFAULTS>(options: TenantOptions, name: K): NonNullable<TenantOptions[K]> | (typeof VENDOR_OPTION_DEFAULTS)[K]['value'] {
  return (options[name] ?? VENDOR_OPTION_DEFAULTS[name].value) as NonNullable<TenantOptions[K]> | (typeof VENDOR_OPTION_DEFAULTS)[K]['value'];
}

export const WHITELIST_DEFAULTS = {
  enabled: setting(false, 'HappyFox "Allow JWT login only from whitelisted domains". Off, as in the vendor\'s default.'),
  mode: setting('referer' as 'referer' | 'email' | 'either', '`referer`: the Referer/Origin host; `email`: the email\'s domain; `either`: one of them.'),
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
    ['tenants[].options', VENDOR_OPTION_DEFAULTS],
    ['tenants[].whitelist', WHITELIST_DEFAULTS],
  ];
  return groups.flatMap(([prefix, settings]) =>
    Object.entries(settings).map(([key, s]) => ({ key: `${prefix}.${key}`, value: s.value, doc: s.doc })),
  );
}
