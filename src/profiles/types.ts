import type { ErrorCode } from '../errors';

/** The claims a profile knows how to type-check. Each kind is one rule in verify/claim-rules.ts. */
export type ClaimKind = 'numeric_date' | 'jti' | 'email' | 'string';

export interface ClaimRule {
  name: string;
  kind: ClaimKind;
  /** 'required' fails when absent, 'warn' passes with a warning, 'optional' passes silently. */
  presence: 'required' | 'warn' | 'optional';
  /** One line for the README's rule table and the verdict. */
  doc: string;
}

export interface ConsumeRoute {
  method: 'GET';
  /** Relative to the tenant's base path: `/jwt/` for HappyFox. */
  path: string;
  tokenParam: string;
  /** Query parameter naming the page to land on after login, when the vendor has one. */
  returnParam?: string;
}

export interface Identity {
  /** Normalised (lower-cased, IDN domain in punycode): the one key a user is upserted by. */
  email: string;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** One vendor's contract: data plus small functions. It never touches Koa or SQLite. */
export interface Profile {
  id: string;
  vendor: string;
  consume: ConsumeRoute;
  /** The only algorithms the vendor verifies with. */
  algorithms: readonly string[];
  claims: readonly ClaimRule[];
  /** Oldest `iat` the vendor accepts, in seconds. */
  maxIatAgeSeconds: number;
  /** How a second use is recognised: by `jti`, or (vendors without jti) by the signed content. */
  replayKey: 'jti' | 'content';
  /** Where a login lands when no (acceptable) return parameter is given, relative to the tenant. */
  homePath: string;
  /** The vendor's own words for a refusal, where documented; `fallbackMessage` elsewhere. */
  messages: Partial<Record<ErrorCode, string>>;
  fallbackMessage: string;
  identity(claims: Record<string, unknown>, email: string): Identity;
  /** Sources for the rules, for the README and the verdict. */
  sources: readonly string[];
}

/** A string claim, or null when absent or not a string (the claim rules have reported that). */
export function stringClaim(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}
