import type { Db } from './database';
import type { StoredAttempt } from './stored-verdict';
import type { AttemptRefs, AttemptRow } from './types';

export type { AttemptInput, AttemptRefs, AttemptRow } from './types';

export class Attempts {
  private readonly insert;
  private readonly trim;
  private readonly byId;

  constructor(db: Db) {
    this.insert =
      db.prepare(`INSERT INTO attempts (id, tenant, at, route, accepted, code, checks, header, claims, email, user_id, client_ip, referer, replay_key, session_hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // Keeps the newest `keep` rows of a tenant: the oldest `limit` rows at or below the id just past them go.
    this.trim = db.prepare(`DELETE FROM attempts WHERE id IN (
      SELECT id FROM attempts WHERE tenant = @tenant AND id <= (
        SELECT id FROM attempts WHERE tenant = @tenant ORDER BY id DESC LIMIT 1 OFFSET @keep)
      ORDER BY id LIMIT @limit)`);
    this.byId = db.prepare(`SELECT id, tenant, at, route, accepted, code, checks, header, claims, email, user_id AS userId,
      client_ip AS clientIp, referer, replay_key AS replayKey, session_hash AS sessionHash FROM attempts WHERE id = ?`);
  }

  /** Records an attempt as `id` (one a ledger row names already) or the next id: the id it took. Parameters by position, as in Users.upsert. */
  record(a: StoredAttempt, id?: number): number {
    const { verdict } = a;
    const result = this.insert.run(
      id ?? null,
      a.tenant,
      a.atMs,
      a.route,
      verdict.accepted ? 1 : 0,
      verdict.code,
      verdict.checks,
      verdict.header,
      verdict.claims,
      verdict.email,
      a.userId,
      a.clientIp,
      a.referer,
      verdict.replay?.key ?? null,
      a.sessionHash ?? null,
    );
    return Number(result.lastInsertRowid);
  }

  /** One attempt with what it spent and made, or undefined (pruned, cleared, never recorded). */
  get(id: number): (AttemptRow & AttemptRefs) | undefined {
    const row = this.byId.get(id) as Record<string, unknown> | undefined;
    return row ? (parseAttemptRow(row) as AttemptRow & AttemptRefs) : undefined;
  }

  keepNewest(tenant: string, keep: number, limit: number): number {
    return this.trim.run({ tenant, keep, limit }).changes;
  }
}

/** A row as SQLite gives it: `accepted` 0/1 and the verdict's parts as JSON text. */
export function parseAttemptRow(row: Record<string, unknown>): AttemptRow {
  return {
    ...(row as unknown as AttemptRow),
    accepted: row.accepted === 1,
    checks: JSON.parse(row.checks as string),
    header: row.header ? JSON.parse(row.header as string) : null,
    claims: row.claims ? JSON.parse(row.claims as string) : null,
  };
}
