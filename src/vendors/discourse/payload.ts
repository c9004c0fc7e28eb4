import { createHmac } from 'node:crypto';
import type { TenantOptions } from '../../config/schema';
import { otherSecret, type TokenSpec } from '../../mint/factory';
import type { CredentialFormat, CredentialResult } from '../../verify/contract';
import { fail, pass, warn, type Check } from '../../verify/verdict';

/** The fields DiscourseConnectBase::ACCESSORS reads from a payload (any other is ignored, but `custom.*`). */
export const ACCESSORS = [
  'add_groups', 'admin', 'avatar_force_update', 'avatar_url', 'bio', 'card_background_url', 'confirmed_2fa', 'email', 'external_id',
  'failed', 'groups', 'locale', 'locale_force_update', 'location', 'logout', 'moderator', 'name', 'no_2fa_methods', 'nonce', 'prompt',
  'profile_background_url', 'remove_groups', 'require_2fa', 'require_activation', 'return_sso_url', 'suppress_welcome_message', 'title',
  'username', 'website',
] as const; // prettier-ignore

/** DiscourseConnectBase::BOOLS: "true" or "false", anything else read as nil. */
export const BOOLS: ReadonlySet<string> = new Set([
  'admin', 'avatar_force_update', 'confirmed_2fa', 'failed', 'locale_force_update', 'logout', 'moderator', 'no_2fa_methods', 'require_2fa',
  'require_activation', 'suppress_welcome_message',
]); // prettier-ignore

const HEADER = { scheme: 'DiscourseConnect', mac: 'HMAC-SHA256 of the base64 sso, hex' } as const;

/** `OpenSSL::HMAC.hexdigest("sha256", secret, payload)` (DiscourseConnectBase.sign). */
export const signPayload = (secret: string, sso: string): string => createHmac('sha256', Buffer.from(secret, 'utf8')).update(sso, 'utf8').digest('hex');

/** The fields Discourse keeps: ACCESSORS as strings (BOOLS as true/false, else dropped as nil) and `custom.*`. */
function fieldsOf(decoded: URLSearchParams): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of decoded) {
    if (name.startsWith('custom.')) fields[name] = value;
    else if (!(ACCESSORS as readonly string[]).includes(name)) continue;
    else if (BOOLS.has(name)) {
      if (value === 'true' || value === 'false') fields[name] = value === 'true';
    } else fields[name] = value;
  }
  return fields;
}

/** What the IdP may have done instead, to name it (Discourse compares the lower-case hex as a string). */
function diagnose(sig: string, sso: string, secrets: readonly string[]): string | null {
  if (secrets.some((s) => signPayload(s, sso) === sig.toLowerCase())) return 'sig is the right HMAC in upper case; Discourse compares lower-case hex exactly';
  const decoded = Buffer.from(sso, 'base64').toString('utf8');
  if (secrets.some((s) => signPayload(s, decoded) === sig)) return 'sig is the HMAC of the decoded payload; Discourse signs the base64 text of sso as sent';
  return null;
}

/**
 * DiscourseConnectBase.parse: `sso` must be base64 (only A-Z a-z 0-9 + / = and line breaks, else
 * PayloadParseError), `sig` its hex HMAC-SHA256 with the secret, compared as a string; then the
 * decoded query's fields.
 */
function verify(query: URLSearchParams, secrets: readonly string[], _options: TenantOptions): CredentialResult {
  const sso = query.get('sso') ?? '';
  const sig = query.get('sig') ?? '';
  const checks: Check[] = [];
  const unread = { header: { ...HEADER }, claims: null, signedContent: null, secretIndex: null };
  if (/[^a-zA-Z0-9=\r\n/+]/.test(sso)) {
    const space = sso.includes(' ') ? ': a space where base64 has "+" (the IdP did not URL-encode sso, so "+" arrived as a space)' : '';
    checks.push(
      fail('format', 'token_malformed', `sso holds characters base64 does not use${space}; Discourse answers "payload_parse_error"`, { reason: 'malformed' }),
    );
    return { ...unread, checks };
  }
  const claims = fieldsOf(new URLSearchParams(Buffer.from(sso, 'base64').toString('utf8')));
  checks.push(pass('format', `sso is base64 of a query with ${Object.keys(claims).length} DiscourseConnect field(s)`));
  const index = secrets.findIndex((secret) => signPayload(secret, sso) === sig);
  if (index < 0) {
    const why = diagnose(sig, sso, secrets);
    checks.push(
      fail('signature', 'signature_invalid', why ?? 'sig is not the hex HMAC-SHA256 of sso with any of the tenant secrets ("Bad signature for payload")'),
    );
    return { ...unread, claims, checks };
  }
  checks.push(
    index === 0
      ? pass('signature', 'HMAC-SHA256 verified')
      : warn('signature', `HMAC-SHA256 verified with secret #${index + 1} of ${secrets.length}, not the current (first) one`),
  );
  return { header: { ...HEADER }, claims, checks, signedContent: sso, secretIndex: index };
}

export const discoursePayload: CredentialFormat = { name: 'DiscourseConnect payload', params: ['sso', 'sig'], required: ['sso', 'sig'], verify };

/**
 * DiscourseConnectBase#payload: `sso=<CGI.escape(strict base64 of the fields as a query)>&sig=<hex>`,
 * the fields in the spec's order (booleans as "true"/"false").
 */
export function encodePayload(spec: TokenSpec, secret: string): string {
  const fields = new URLSearchParams(Object.entries(spec.claims).map(([k, v]): [string, string] => [k, String(v)]));
  const sso = Buffer.from(fields.toString(), 'utf8').toString('base64');
  const sig = signPayload(spec.key === 'tenant' ? secret : otherSecret(secret), sso);
  const text = new URLSearchParams({ sso, sig }).toString();
  return spec.mangle ? spec.mangle(text) : text;
}
