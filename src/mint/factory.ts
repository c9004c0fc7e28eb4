import { createHash } from 'node:crypto';
import { TENANT_OPTION_DEFAULTS } from '../config/defaults';
import type { ErrorCode } from '../errors';
import type { Vendor } from '../vendors/types';

/**
 * What a vendor's token factory (src/vendors/<id>/factory.ts) gives `mint`, `--break`, the golden
 * fixtures, the bench and the tests: the claims a default tenant accepts, and how the vendor bounds
 * a token in time. Nothing here knows a vendor; the registry joins them.
 */

/** Who the token logs in. */
export interface Subject {
  email: string;
  /** Display name; split into first_name / last_name for the vendors that take those. */
  name?: string;
}

/** How a vendor bounds a token in time, with the numbers of a default tenant. */
export type TimeModel =
  | { kind: 'iat-age'; maxAgeSeconds: number; toleranceSeconds: number }
  /** |now - <claim>| at most skewSeconds; `claim` is `iat` unless the vendor names another (Freshdesk simple SSO's `timestamp`). */
  | { kind: 'iat-skew'; skewSeconds: number; claim?: string }
  /** No time claim at all (DiscourseConnect: only the nonce it issued bounds a login in time). */
  | { kind: 'none' }
  /** `maxLifetimeSeconds`: exp - iat may not exceed it (and exp is required). */
  | { kind: 'leeway'; leewaySeconds: number; lifetimeSeconds: number; maxLifetimeSeconds?: number }
  | { kind: 'ms-window'; spanMs: number; maxSpanMs: number; toleranceMs: number }
  /** Bounded by `exp` alone (and `nbf`), honoured when present; `lifetimeSeconds` null: the passing token carries no exp. */
  | { kind: 'exp'; lifetimeSeconds: number | null; toleranceSeconds: number };

/** A JWS header, and which key signs: the tenant's secret, or a different one. */
export interface TokenSpec {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** 'tenant': the given secret; 'other': a different secret (a signature the tenant cannot verify). */
  key: 'tenant' | 'other';
  /** Applied to the finished compact token (a deliberately malformed encoding). */
  mangle?: (token: string) => string;
}

/** A break: the wrong token one check exists to catch, made from a passing token's spec. */
export interface BreakDef {
  /** One line for `mint --help`. */
  doc: string;
  applies(vendor: Vendor): boolean;
  /** Rewrites `spec` (a passing token's) in place; returns the check that refuses it, with which code and why. */
  apply(spec: TokenSpec, vendor: Vendor, atMs: number): { check: string; code: ErrorCode; explain: string };
}

export interface TokenFactory {
  /** The vendor's window with a default tenant's numbers. */
  timeModel: TimeModel;
  /** Header parameters beside `typ: JWT` of a passing token: the vendor's algorithm when not HS256 (an RS256 vendor's secret is then the IdP's private key, PEM), a key id. */
  header?: Readonly<Record<string, unknown>>;
  /** What golden fixtures sign with when not the shared golden secret (an RSA private key, for an RS256 vendor). */
  goldenSecret?: string;
  /** The claims a default tenant accepts at `atMs`: every required claim, no warning where the subject allows it. */
  passingClaims(atMs: number, subject: Subject, jti: string): Record<string, unknown>;
  /** Breaks only this vendor has (Zoho's seconds instead of milliseconds), beside the engine's. */
  breaks?: Readonly<Record<string, BreakDef>>;
  /**
   * How a vendor whose credential is not a JWT (its contract's `credential`) writes a spec: the
   * claims as its fields, signed its way with `secret` (`key: 'other'`: with a different one).
   * Absent: a compact JWS, as `signSpec` makes it.
   */
  encode?(spec: TokenSpec, secret: string): string;
  /** What `mint --url` prints for `token` at the consume URL `target`; the default is `target?<tokenParam>=<token>` (a credential: `target?<credential>`). */
  consumeRequest?(target: string, token: string): string;
}

/** A tenant's `futureIatToleranceSeconds` when it sets none: the tolerance of a default tenant's window. */
export const DEFAULT_TOLERANCE_SECONDS = TENANT_OPTION_DEFAULTS.futureIatToleranceSeconds.value;

/** "Jane Q Doe" -> ["Jane", "Q Doe"]. */
export function splitName(name: string | undefined): { first_name?: string; last_name?: string } {
  if (!name?.trim()) return {};
  const [first, ...rest] = name.trim().split(/\s+/);
  return rest.length > 0 ? { first_name: first, last_name: rest.join(' ') } : { first_name: first };
}

/** A stable user id when the caller gives none: the same email, the same id. */
export function userIdFor(email: string): string {
  return `u-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 12)}`;
}

/**
 * The secret a `key: 'other'` token is signed with: never the tenant's. Here rather than in ./claims
 * because two vendors' verifiers name it, and claims.ts loads jose's signer, which serving never needs.
 */
export const otherSecret = (secret: string): string => `not-${secret}`;
