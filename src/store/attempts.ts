import type { Verdict } from '../verify/verdict';
import type { Db } from './database';

/** What is recorded of one consume request: the verdict, never the token, its signature or a secret. */
export interface AttemptInput {
  tenant: string;
  atMs: number;
  route: string;
  verdict: Verdict;
  userId: number | null;
  clientIp: string | null;
  referer: string | null;
  /** The hash of the session an accepted login created (sessions.id_hash). */
  sessionHash?: string | null;
}

export interface AttemptRow {
  id: number;
  tenant: string;
  at: number;
  route: string;
  accepted: boolean;
  code: string | null;
  checks: unknown;
  header: unknown;
  claims: unknown;
  email: string | null;
  userId: number | null;
  clientIp: string | null;
  referer: string | null;
}

/** What an attempt spent and made: its replay-ledger key and the hash of the session it created. */
export interface AttemptRefs {
  replayKey: string | null;
  sessionHash: string | null;
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

export class Attempts {
  private readonly insert;
  private readonly recent;
  private readonly trim;
  private readonly byId;

  constructor(db: Db) {
    this.insert = db.prepare(`INSERT INTO attempts (tenant, at, route, accepted, code, checks, header, claims, email, user_id, client_ip, referer, replay_key, session_hash)
      VALUES (@tenant, @at, @route, @accepted, @code, @checks, @header, @claims, @email, @userId, @clientIp, @referer, @replayKey, @sessionHash)`);
    this.recent = db.prepare(`SELECT id, tenant, at, route, accepted, code, checks, header, claims, email, user_id AS userId,
      client_ip AS clientIp, referer FROM attempts WHERE tenant = ? ORDER BY id DESC LIMIT ?`);
    // Keeps the newest `keep` rows of a tenant: the oldest `limit` rows at or below the id just past them go.
    this.trim = db.prepare(`DELETE FROM attempts WHERE id IN (
      SELECT id FROM attempts WHERE tenant = @tenant AND id <= (
        SELECT id FROM attempts WHERE tenant = @tenant ORDER BY id DESC LIMIT 1 OFFSET @keep)
      ORDER BY id LIMIT @limit)`);
    this.byId = db.prepare(`SELECT id, tenant, at, route, accepted, code, checks, header, claims, email, user_id AS userId,
      client_ip AS clientIp, referer, replay_key AS replayKey, session_hash AS sessionHash FROM attempts WHERE id = ?`);
  }

  record(a: AttemptInput): number {
    const { verdict } = a;
    const result = this.insert.run({
      tenant: a.tenant,
      at: a.atMs,
      route: a.route,
      accepted: verdict.accepted ? 1 : 0,
      code: verdict.code,
      checks: JSON.stringify(verdict.checks),
      header: json(verdict.header),
      claims: json(verdict.claims),
      email: verdict.identity?.email ?? null,
      userId: a.userId,
      clientIp: a.clientIp,
      referer: a.referer,
      replayKey: verdict.replay?.key ?? null,
      sessionHash: a.sessionHash ?? null,
    });
    return Number(result.lastInsertRowid);
  }

  /** Newest first. */
  list(tenant: string, limit = 50): AttemptRow[] {
    return (this.recent.all(tenant, limit) as Array<Record<string, unknown>>).map(parseRow);
  }

  /** One attempt with what it spent and made, or undefined (pruned, cleared, never recorded). */
  get(id: number): (AttemptRow & AttemptRefs) | undefined {
    const row = this.byId.get(id) as Record<string, unknown> | undefined;
    return row ? (parseRow(row) as AttemptRow & AttemptRefs) : undefined;
  }

  keepNewest(tenant: string, keep: number, limit: number): number {
    return this.trim.run({ tenant, keep, limit }).changes;
  }
}

function parseRow(row: Record<string, unknown>): AttemptRow {
  return {
    ...(row as unknown as AttemptRow),
    accepted: row.accepted === 1,
    checks: JSON.parse(row.checks as string),
    header: row.header ? JSON.parse(row.header as string) : null,
    claims: row.claims ? JSON.parse(row.claims as string) : null,
  };
}
