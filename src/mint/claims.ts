import { createHash } from 'node:crypto';
import { CompactSign } from 'jose';
import { TENANT_OPTION_DEFAULTS, VENDOR_OPTION_DEFAULTS } from '../config/defaults';
import { DESKPRO_LEEWAY_SECONDS } from '../vendors/deskpro/contract';
import { PROFILES, type ProfileId } from '../vendors';
import { MAX_SPAN_MS } from '../vendors/zoho-asap/contract';

/**
 * What the IdP side sends: the passing claim set of each profile at an instant, and how a token is
 * signed. `mint` and the golden fixtures (scripts/fixtures.ts) both build their tokens here, so a
 * fixture is exactly what `mint` would print for the same instant and jti.
 */

/** Who the token logs in. */
export interface Subject {
  email: string;
  /** Display name; split into first_name / last_name for the vendors that take those. */
  name?: string;
}

/** How each vendor bounds a token in time, with the numbers of a default tenant. */
export type TimeModel =
  | { kind: 'iat-age'; maxAgeSeconds: number; toleranceSeconds: number }
  | { kind: 'iat-skew'; skewSeconds: number }
  | { kind: 'leeway'; leewaySeconds: number; lifetimeSeconds: number }
  | { kind: 'ms-window'; spanMs: number; maxSpanMs: number; toleranceMs: number };

const TOLERANCE = TENANT_OPTION_DEFAULTS.futureIatToleranceSeconds.value;

/** The window of each profile, as a default tenant applies it (src/profiles/*). */
export const TIME_MODELS: Record<ProfileId, TimeModel> = {
  happyfox: { kind: 'iat-age', maxAgeSeconds: 120, toleranceSeconds: TOLERANCE },
  mojo: { kind: 'iat-age', maxAgeSeconds: 120, toleranceSeconds: TOLERANCE },
  zendesk: { kind: 'iat-skew', skewSeconds: VENDOR_OPTION_DEFAULTS.iatSkewSeconds.value },
  // The admin guide suggests exp = iat + 5 minutes.
  deskpro: { kind: 'leeway', leewaySeconds: DESKPRO_LEEWAY_SECONDS, lifetimeSeconds: 300 },
  // Zoho's sample uses a 300000 ms window.
  'zoho-asap': { kind: 'ms-window', spanMs: 300_000, maxSpanMs: MAX_SPAN_MS, toleranceMs: TOLERANCE * 1000 },
};

/** Whether a default tenant of `profile` requires claim `name` (from the profile's claim rules). */
export function requiresClaim(profile: ProfileId, name: string): boolean {
  return PROFILES[profile].claims.some((rule) => rule.name === name && rule.presence === 'required');
}

/** Whether a default tenant of `profile` has a rule for claim `name` at all. */
export function hasClaimRule(profile: ProfileId, name: string): boolean {
  return PROFILES[profile].claims.some((rule) => rule.name === name);
}

/** "Jane Q Doe" -> ["Jane", "Q Doe"]. */
function splitName(name: string | undefined): { first_name?: string; last_name?: string } {
  if (!name?.trim()) return {};
  const [first, ...rest] = name.trim().split(/\s+/);
  return rest.length > 0 ? { first_name: first, last_name: rest.join(' ') } : { first_name: first };
}

/** A stable user id for Deskpro's `id` when the caller gives none: the same email, the same id. */
export function userIdFor(email: string): string {
  return `u-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 12)}`;
}

/**
 * The claims a default tenant of `profile` accepts at `atMs`, every required claim present, no
 * warning where the subject allows it: iat = the instant (seconds), Zoho's window in milliseconds
 * from the instant, Deskpro's id and exp = iat + 300. `jti` goes to the vendors that have one.
 */
export function passingClaims(profile: ProfileId, atMs: number, subject: Subject, jti: string): Record<string, unknown> {
  const iat = Math.floor(atMs / 1000);
  const { email, name } = subject;
  switch (profile) {
    case 'happyfox':
      return { iat, jti, email, ...(name ? { name } : {}) };
    case 'mojo':
      return { iat, email, ...splitName(name) };
    case 'deskpro': {
      const model = TIME_MODELS.deskpro as Extract<TimeModel, { kind: 'leeway' }>;
      return { id: userIdFor(email), email, ...(name ? { name } : {}), iat, exp: iat + model.lifetimeSeconds, jti };
    }
    case 'zendesk':
      // name is required by Zendesk: without one, the email's local part stands in.
      return { iat, jti, email, name: name?.trim() ? name : (email.split('@')[0] ?? email) };
    case 'zoho-asap': {
      const model = TIME_MODELS['zoho-asap'] as Extract<TimeModel, { kind: 'ms-window' }>;
      const start = Math.floor(atMs);
      return { email, email_verified: true, not_before: start, not_after: start + model.spanMs, ...splitName(name) };
    }
  }
}

/** A JWS header, and which key signs: the tenant's secret, or a different one. */
export interface TokenSpec {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** 'tenant': the given secret; 'other': a different secret (a signature the tenant cannot verify). */
  key: 'tenant' | 'other';
  /** Applied to the finished compact token (a deliberately malformed encoding). */
  mangle?: (token: string) => string;
}

export const DEFAULT_HEADER = { alg: 'HS256', typ: 'JWT' } as const;

/** The secret a `key: 'other'` token is signed with: never the tenant's. */
export const otherSecret = (secret: string): string => `not-${secret}`;

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * The compact JWS for `spec`, signed by jose with HMAC (deterministic: the same spec and secret,
 * the same token); `alg: none` makes the unsigned form `<header>.<payload>.`.
 */
export async function signSpec(spec: TokenSpec, secret: string): Promise<string> {
  const alg = String(spec.header.alg);
  let token: string;
  if (alg.toLowerCase() === 'none') {
    token = `${b64url(spec.header)}.${b64url(spec.claims)}.`;
  } else {
    const key = Buffer.from(spec.key === 'tenant' ? secret : otherSecret(secret), 'utf8');
    // jose refuses to sign a crit it is not told about; a golden case sends one on purpose.
    const crit = Array.isArray(spec.header.crit) ? Object.fromEntries(spec.header.crit.map((name) => [String(name), true])) : undefined;
    token = await new CompactSign(Buffer.from(JSON.stringify(spec.claims), 'utf8')).setProtectedHeader(spec.header as { alg: string }).sign(key, crit ? { crit } : undefined);
  }
  return spec.mangle ? spec.mangle(token) : token;
}

/** The passing token's spec: HS256, the tenant's secret. */
export function passingSpec(profile: ProfileId, atMs: number, subject: Subject, jti: string): TokenSpec {
  return { header: { ...DEFAULT_HEADER }, claims: passingClaims(profile, atMs, subject, jti), key: 'tenant' };
}
