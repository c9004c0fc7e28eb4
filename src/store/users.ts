import type { Identity } from '../profiles';
import type { Db } from './database';

export interface UserRow {
  id: number;
  tenant: string;
  email: string;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  loginCount: number;
  createdAt: number;
  lastLoginAt: number;
}

const COLUMNS = `id, tenant, email, name, first_name AS firstName, last_name AS lastName,
  login_count AS loginCount, created_at AS createdAt, last_login_at AS lastLoginAt`;

/** Users per tenant, keyed by normalised email; a login updates the name and counts. */
export class Users {
  private readonly upsertStmt;
  private readonly byId;
  private readonly byTenant;

  constructor(db: Db) {
    this.upsertStmt = db.prepare(`
      INSERT INTO users (tenant, email, name, first_name, last_name, login_count, created_at, last_login_at)
      VALUES (@tenant, @email, @name, @firstName, @lastName, 1, @now, @now)
      ON CONFLICT (tenant, email) DO UPDATE SET
        name = excluded.name, first_name = excluded.first_name, last_name = excluded.last_name,
        login_count = login_count + 1, last_login_at = excluded.last_login_at
      RETURNING ${COLUMNS}`);
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
    this.byTenant = db.prepare(`SELECT ${COLUMNS} FROM users WHERE tenant = ? ORDER BY id`);
  }

  upsert(tenant: string, identity: Identity, nowMs: number): UserRow {
    return this.upsertStmt.get({ tenant, ...identity, now: nowMs }) as UserRow;
  }

  get(id: number): UserRow | undefined {
    return this.byId.get(id) as UserRow | undefined;
  }

  list(tenant: string): UserRow[] {
    return this.byTenant.all(tenant) as UserRow[];
  }
}
