import { parseAttemptRow } from './attempts';
import type { Db } from './database';
import type { AttemptRow, AttemptSearch, SessionListRow, SessionSearch, UserRow, UserSearch } from './types';

/**
 * Read-only queries across tenants, for the Store's search methods (the inspection API and
 * `startReceiver()`'s attempts(), users(), sessions()). Times are the receiver clock's, in ms.
 */

/** WHERE clauses and their named parameters, built one condition at a time. */
class Conditions {
  readonly clauses: string[] = [];
  readonly params: Record<string, unknown> = {};

  add(clause: string, name?: string, value?: unknown): void {
    this.clauses.push(clause);
    if (name !== undefined) this.params[name] = value;
  }

  toString(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

export function searchAttempts(db: Db, search: AttemptSearch = {}): AttemptRow[] {
  const where = new Conditions();
  if (search.tenant !== undefined) where.add('tenant = @tenant', 'tenant', search.tenant);
  if (search.email !== undefined) where.add('lower(email) = @email', 'email', search.email.toLowerCase());
  if (search.accepted !== undefined) where.add('accepted = @accepted', 'accepted', search.accepted ? 1 : 0);
  if (search.code === null) where.add('code IS NULL');
  else if (search.code !== undefined) where.add('code = @code', 'code', search.code);
  if (search.sinceMs !== undefined) where.add('at >= @since', 'since', search.sinceMs);
  if (search.afterId !== undefined) where.add('id > @afterId', 'afterId', search.afterId);
  const sql = `SELECT id, tenant, at, route, accepted, code, checks, header, claims, email, user_id AS userId,
      client_ip AS clientIp, referer
    FROM attempts ${where} ORDER BY id ${search.order === 'oldest' ? 'ASC' : 'DESC'} LIMIT @limit`;
  // SQLite reads a negative LIMIT as no limit.
  const rows = db.prepare(sql).all({ ...where.params, limit: search.limit ?? -1 }) as Array<Record<string, unknown>>;
  return rows.map(parseAttemptRow);
}

/** The largest attempt id so far (0 for none): what "recorded after now" is measured from. */
export function lastAttemptId(db: Db): number {
  return db.prepare('SELECT coalesce(max(id), 0) FROM attempts').pluck().get() as number;
}

/** Users, oldest first. */
export function searchUsers(db: Db, filter: UserSearch = {}): UserRow[] {
  const where = new Conditions();
  if (filter.tenant !== undefined) where.add('tenant = @tenant', 'tenant', filter.tenant);
  if (filter.email !== undefined) where.add('lower(email) = @email', 'email', filter.email.toLowerCase());
  const sql = `SELECT id, tenant, identity_key AS identityKey, email, name, first_name AS firstName, last_name AS lastName,
      external_id AS externalId, attributes, login_count AS loginCount, created_at AS createdAt, last_login_at AS lastLoginAt
    FROM users ${where} ORDER BY id`;
  return db.prepare(sql).all(where.params) as UserRow[];
}

/** Sessions (portal logins, Zoho access tokens), oldest first; only those live at `liveAtMs` unless it is null. */
export function searchSessions(db: Db, filter: SessionSearch): SessionListRow[] {
  const where = new Conditions();
  if (filter.tenant !== undefined) where.add('s.tenant = @tenant', 'tenant', filter.tenant);
  if (filter.email !== undefined) where.add('lower(u.email) = @email', 'email', filter.email.toLowerCase());
  if (filter.liveAtMs !== null) where.add('s.expires_at > @now', 'now', filter.liveAtMs);
  const sql = `SELECT s.tenant, s.user_id AS userId, u.email, s.created_at AS createdAt, s.expires_at AS expiresAt
    FROM sessions s JOIN users u ON u.id = s.user_id ${where} ORDER BY s.created_at, u.id`;
  return db.prepare(sql).all(where.params) as SessionListRow[];
}
