import type { ErrorCode } from '../errors';
import type { AttemptRow, AttemptSearch, SessionListRow, UserRow } from '../store';
import type { Check } from '../verify/verdict';

/** One consume request as the receiver recorded it: the verdict, never the token or a secret. */
export interface Attempt {
  /** Increases with every attempt of this receiver (starts again at 1 after reset()). */
  id: number;
  tenant: string;
  /** When it was recorded, by the receiver's clock, in ms since the epoch. */
  at: number;
  /** The route that took the token, e.g. `GET /jwt/`. */
  route: string;
  accepted: boolean;
  /** The first failing check's stable code; null when accepted. */
  code: ErrorCode | null;
  /** Every check in order, with its numbers. */
  checks: Check[];
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  /** The normalised (lower-cased) email of the token, when it had a readable one. */
  email: string | null;
  /** The user logged in (or updated); null when refused. */
  userId: number | null;
  clientIp: string | null;
  referer: string | null;
}

/** Narrows attempts(), lastAttempt() and waitForAttempt(); every field given must match. */
export interface AttemptFilter {
  tenant?: string;
  /** Compared case-insensitively. */
  email?: string;
  accepted?: boolean;
  /** A stable code such as `token_expired`; null matches accepted attempts. */
  code?: ErrorCode | null;
  /** Recorded at or after this instant of the receiver's clock (ms since the epoch, or a Date). */
  since?: number | Date;
  /** At most this many, newest first. */
  limit?: number;
}

/** A user the receiver created (or updated) on an accepted login: the stored row, attributes parsed. */
export interface User extends Omit<UserRow, 'attributes'> {
  /** Vendor attributes the last login carried (Zendesk role, tags, ...). */
  attributes: Record<string, unknown> | null;
}

export interface UserFilter {
  tenant?: string;
  email?: string;
}

/** A portal session (or a Zoho ASAP access token) made by an accepted login. */
export interface Session {
  tenant: string;
  userId: number;
  email: string;
  createdAt: number;
  expiresAt: number;
}

export interface SessionFilter {
  tenant?: string;
  email?: string;
  /** Also list sessions expired by the receiver's clock (not yet pruned). Default false. */
  includeExpired?: boolean;
}

export function toAttempt(row: AttemptRow): Attempt {
  return {
    ...row,
    code: row.code as ErrorCode | null,
    checks: row.checks as Check[],
    header: row.header as Attempt['header'],
    claims: row.claims as Attempt['claims'],
  };
}

export function toUser(row: UserRow): User {
  return { ...row, attributes: row.attributes ? (JSON.parse(row.attributes) as Record<string, unknown>) : null };
}

export function toSession(row: SessionListRow): Session {
  return { ...row };
}

/** The store's search for a public filter; throws a TypeError naming a field of the wrong type. */
export function attemptSearch(filter: AttemptFilter): AttemptSearch {
  const { since, limit } = filter;
  const sinceMs = since instanceof Date ? since.getTime() : since;
  if (sinceMs !== undefined && !Number.isFinite(sinceMs))
    throw new TypeError(`attempt filter: since must be ms since the epoch or a valid Date (got ${String(since)})`);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0))
    throw new TypeError(`attempt filter: limit must be a whole number >= 0 (got ${String(limit)})`);
  return { tenant: filter.tenant, email: filter.email, accepted: filter.accepted, code: filter.code, sinceMs, limit };
}

/** `{ tenant: "default", accepted: true }`, for error messages. */
/**
 * Whether a committed attempt matches `filter`, as the store's search would decide (email compared
 * lower-cased): waitForAttempt() decides on the attempt an event carries, without asking the store.
 */
export function attemptMatches(a: Attempt, filter: AttemptFilter): boolean {
  const { sinceMs } = attemptSearch(filter);
  if (filter.tenant !== undefined && a.tenant !== filter.tenant) return false;
  if (filter.email !== undefined && a.email?.toLowerCase() !== filter.email.toLowerCase()) return false;
  if (filter.accepted !== undefined && a.accepted !== filter.accepted) return false;
  if (filter.code !== undefined && a.code !== filter.code) return false;
  return sinceMs === undefined || a.at >= sinceMs;
}

export function describeFilter(filter: AttemptFilter): string {
  const parts = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v instanceof Date ? v.toISOString() : JSON.stringify(v)}`);
  return parts.length ? `{ ${parts.join(', ')} }` : 'any attempt';
}

/** `#3 default token_expired jane@example.com`, for error messages. */
export function describeAttempt(a: Attempt): string {
  return `#${a.id} ${a.tenant} ${a.accepted ? 'accepted' : a.code} ${a.email ?? '(no email)'}`;
}
