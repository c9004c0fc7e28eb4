import type { Identity } from '../vendors';
import type { Db } from './database';
import type { UserRow } from './types';

export type { UserRow } from './types';

const COLUMNS = `id, tenant, identity_key AS identityKey, email, name, first_name AS firstName, last_name AS lastName,
  external_id AS externalId, attributes, login_count AS loginCount, created_at AS createdAt, last_login_at AS lastLoginAt`;

/** Users per tenant, keyed by what the vendor knows them by; a login updates what it carries and counts. */
export class Users {
  private readonly upsertStmt;
  private readonly byId;

  constructor(db: Db) {
    this.upsertStmt = db
      .prepare(
        `
      INSERT INTO users (tenant, identity_key, email, name, first_name, last_name, external_id, attributes, login_count, created_at, last_login_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
      ON CONFLICT (tenant, identity_key) DO UPDATE SET
        email = excluded.email, name = excluded.name, first_name = excluded.first_name, last_name = excluded.last_name,
        external_id = excluded.external_id, attributes = excluded.attributes,
        login_count = login_count + 1, last_login_at = excluded.last_login_at
      RETURNING id`,
      )
      .pluck();
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
  }

  /**
   * The user's id. Parameters by position: better-sqlite3 binds a named one by looking it up in the
   * object, and the object was a spread of the identity (with the attempt's, ~1.4 µs a login).
   */
  upsert(tenant: string, identity: Identity, nowMs: number): number {
    const attributes = identity.attributes ? JSON.stringify(identity.attributes) : null;
    const { key, email, name, firstName, lastName, externalId } = identity;
    return this.upsertStmt.get(tenant, key, email, name, firstName, lastName, externalId, attributes, nowMs, nowMs) as number;
  }

  get(id: number): UserRow | undefined {
    return this.byId.get(id) as UserRow | undefined;
  }
}
