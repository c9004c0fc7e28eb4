import type { AttemptSearch, SessionSearch, UserSearch } from '../types';
import { ATTEMPT_COLUMNS, type Statements } from './sql';

/** A query and its parameters, as `pg` takes them. */
export interface Query {
  text: string;
  values: unknown[];
}

/** WHERE clauses with numbered parameters, built one condition at a time. */
class Conditions {
  readonly clauses: string[] = [];
  readonly values: unknown[] = [];

  /** `clause` names its parameter `?`; it becomes the next $n. */
  add(clause: string, value?: unknown): void {
    if (clause.includes('?')) {
      this.values.push(value);
      clause = clause.replace('?', `$${this.values.length}`);
    }
    this.clauses.push(clause);
  }

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  toString(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/*
 * The same searches as src/store/search.ts, with the same meaning: e-mails compared lower-cased
 * byte-wise (COLLATE "C", as SQLite's lower() folds ASCII only), a missing or negative limit is no
 * limit, attempts newest first unless `oldest`, users and sessions oldest first.
 */

export function attemptsQuery(st: Statements, search: AttemptSearch = {}): Query {
  const where = new Conditions();
  if (search.tenant !== undefined) where.add('tenant = ?', search.tenant);
  if (search.email !== undefined) where.add('lower(email COLLATE "C") = ?', search.email.toLowerCase());
  if (search.accepted !== undefined) where.add('accepted = ?', search.accepted);
  if (search.code === null) where.add('code IS NULL');
  else if (search.code !== undefined) where.add('code = ?', search.code);
  if (search.sinceMs !== undefined) where.add('at >= ?', search.sinceMs);
  if (search.afterId !== undefined) where.add('id > ?', search.afterId);
  const limit = search.limit === undefined || search.limit < 0 ? null : search.limit;
  const text = `SELECT ${ATTEMPT_COLUMNS} FROM ${st.tables}.attempts ${where}
    ORDER BY id ${search.order === 'oldest' ? 'ASC' : 'DESC'} LIMIT ${where.param(limit)}`;
  return { text, values: where.values };
}

export function usersQuery(st: Statements, filter: UserSearch = {}): Query {
  const where = new Conditions();
  if (filter.tenant !== undefined) where.add('tenant = ?', filter.tenant);
  if (filter.email !== undefined) where.add('lower(email COLLATE "C") = ?', filter.email.toLowerCase());
  return { text: `SELECT ${st.users.columns} FROM ${st.users.table} ${where} ORDER BY id`, values: where.values };
}

export function sessionsQuery(st: Statements, filter: SessionSearch): Query {
  const where = new Conditions();
  if (filter.tenant !== undefined) where.add('s.tenant = ?', filter.tenant);
  if (filter.email !== undefined) where.add('lower(u.email COLLATE "C") = ?', filter.email.toLowerCase());
  if (filter.liveAtMs !== null) where.add('s.expires_at > ?', filter.liveAtMs);
  const text = `SELECT s.tenant, s.user_id AS "userId", u.email, s.created_at AS "createdAt", s.expires_at AS "expiresAt"
    FROM ${st.tables}.sessions s JOIN ${st.tables}.users u ON u.id = s.user_id ${where} ORDER BY s.created_at, u.id`;
  return { text, values: where.values };
}
