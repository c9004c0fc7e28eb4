import { createHash, createHmac } from 'node:crypto';
import type { TenantOptions } from '../../config/schema';
import { otherSecret, type TokenSpec } from '../../mint/factory';
import type { CredentialFormat, CredentialResult } from '../../verify/contract';
import { fail, pass, warn, type Check } from '../../verify/verdict';

/** The signed fields of `GET /login/sso`, in the order the credential text lists them. */
const SIGNED = ['name', 'email', 'timestamp'] as const;
/** Fields Freshdesk reads beside them, unsigned (create_user's options); `redirect_to` is the return parameter. */
const UNSIGNED = ['phone', 'company'] as const;
export const PARAMS = [...SIGNED, 'hash', ...UNSIGNED] as const;

const HEADER = { scheme: 'Freshdesk simple SSO', mac: 'HMAC-MD5, hex' } as const;

/** `OpenSSL::HMAC.hexdigest(MD5, shared_secret, name + shared_secret + email + timestamp)` (new_sso_hash). */
export function simpleSsoHash(secret: string, name: string, email: string, timestamp: string): string {
  return createHmac('md5', Buffer.from(secret, 'utf8')).update(`${name}${secret}${email}${timestamp}`, 'utf8').digest('hex');
}

/** What the IdP may have computed instead, to name the mistake (Freshdesk compares the lower-case hex as a string). */
function diagnose(given: string, secret: string, name: string, email: string, timestamp: string): string | null {
  const right = simpleSsoHash(secret, name, email, timestamp);
  if (given.toLowerCase() === right) return 'hash is the right digest in upper case; Freshdesk compares lower-case hex exactly';
  const key = `${name}${secret}${email}${timestamp}`;
  if (given === createHash('md5').update(key, 'utf8').digest('hex'))
    return 'hash is a plain MD5 of name+secret+email+timestamp; Freshdesk keys an HMAC-MD5 with the secret when a timestamp is sent';
  if (given === createHmac('md5', secret).update(`${name}${email}${timestamp}`, 'utf8').digest('hex'))
    return "hash leaves the secret out of the message (the old 'enable_old_sso' form); the message is name + secret + email + timestamp";
  return null;
}

function readFields(query: URLSearchParams): Record<string, string> {
  const fields: Record<string, string> = {};
  // Rails' `present?`: an empty value counts as absent.
  for (const name of [...SIGNED, ...UNSIGNED]) {
    const value = query.get(name);
    if (value !== null && value.trim() !== '') fields[name] = value;
  }
  return fields;
}

function verify(query: URLSearchParams, secrets: readonly string[], _options: TenantOptions): CredentialResult {
  const checks: Check[] = [];
  const hash = query.get('hash') ?? '';
  const claims = readFields(query);
  const base = { header: { ...HEADER }, claims, signedContent: null, secretIndex: null };
  if (!/^[0-9a-fA-F]{32}$/.test(hash)) {
    checks.push(
      fail('format', 'token_malformed', `hash is ${hash ? `${hash.length} characters` : 'empty'}; Freshdesk sends 32 hex characters (an MD5 HMAC)`, {
        reason: 'malformed',
        actual: hash.length,
        limit: 32,
        unit: 'characters',
      }),
    );
    return { ...base, checks };
  }
  checks.push(pass('format', 'name, email, timestamp and a 32-character hex hash'));
  const [name, email, timestamp] = [claims.name ?? '', claims.email ?? '', claims.timestamp ?? ''];
  const index = secrets.findIndex((secret) => simpleSsoHash(secret, name, email, timestamp) === hash);
  if (index < 0) {
    const why = secrets.map((s) => diagnose(hash, s, name, email, timestamp)).find((d) => d !== null);
    checks.push(
      fail('signature', 'signature_invalid', why ?? 'hash does not match HMAC-MD5(secret, name + secret + email + timestamp) for any of the tenant secrets'),
    );
    return { ...base, checks };
  }
  checks.push(
    index === 0
      ? pass('signature', secrets.length > 1 ? `HMAC-MD5 verified with secret #1 of ${secrets.length}` : 'HMAC-MD5 verified')
      : warn('signature', `HMAC-MD5 verified with secret #${index + 1} of ${secrets.length}, not the current (first) one`),
  );
  // Freshdesk remembers the hash itself as used.
  return { ...base, checks, signedContent: `hash:${hash}`, secretIndex: index };
}

// Only the hash is needed to have something to verify; a missing name or email is the claim rules' to report.
export const simpleSsoCredential: CredentialFormat = { name: 'simple SSO request', params: PARAMS, required: ['hash'], verify };

/** The query a spec makes, as an IdP's simple-SSO code builds it (fields as strings, the hash over them). */
export function encodeSimpleSso(spec: TokenSpec, secret: string): string {
  const field = (name: string): string | undefined => (spec.claims[name] === undefined ? undefined : String(spec.claims[name]));
  const key = spec.key === 'tenant' ? secret : otherSecret(secret);
  const query = new URLSearchParams();
  for (const name of SIGNED) {
    const value = field(name);
    if (value !== undefined) query.set(name, value);
  }
  query.set('hash', simpleSsoHash(key, field('name') ?? '', field('email') ?? '', field('timestamp') ?? ''));
  for (const name of UNSIGNED) {
    const value = field(name);
    if (value !== undefined) query.set(name, value);
  }
  const text = query.toString();
  return spec.mangle ? spec.mangle(text) : text;
}
