import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Db } from './database';
import type { AttemptInput, AttemptRefs, AttemptRow } from './types';

export type { AttemptInput, AttemptRefs, AttemptRow } from './types';

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

export class Attempts {
  private readonly insert;
  private readonly trim;
  private readonly byId;
  private readonly spender;

  constructor(db: Db) {
    this.insert =
      db.prepare(`INSERT INTO attempts (tenant, at, route, accepted, code, checks, header, claims, email, user_id, client_ip, referer, replay_key, session_hash)
      VALUES (@tenant, @at, @route, @accepted, @code, @checks, @header, @claims, @email, @userId, @clientIp, @referer, @replayKey, @sessionHash)`);
    // Keeps the newest `keep` rows of a tenant: the oldest `limit` rows at or below the id just past them go.
    this.trim = db.prepare(`DELETE FROM attempts WHERE id IN (
      SELECT id FROM attempts WHERE tenant = @tenant AND id <= (
        SELECT id FROM attempts WHERE tenant = @tenant ORDER BY id DESC LIMIT 1 OFFSET @keep)
      ORDER BY id LIMIT @limit)`);
    this.byId = db.prepare(`SELECT id, tenant, at, route, accepted, code, checks, header, claims, email, user_id AS userId,
      client_ip AS clientIp, referer, replay_key AS replayKey, session_hash AS sessionHash FROM attempts WHERE id = ?`);
    this.spender = db
      .prepare('SELECT id FROM attempts WHERE tenant = ? AND replay_key = ? AND accepted = 1 AND replay_key IS NOT NULL ORDER BY id LIMIT 1')
      .pluck();
  }

  record(a: AttemptInput): number {
    const { verdict } = a;
    const result = this.insert.run({
      tenant: a.tenant,
      at: a.atMs,
      route: a.route,
      accepted: verdict.accepted ? 1 : 0,
      code: verdict.code,
      checks: packChecks(verdict.checks),
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

  /** One attempt with what it spent and made, or undefined (pruned, cleared, never recorded). */
  get(id: number): (AttemptRow & AttemptRefs) | undefined {
    const row = this.byId.get(id) as Record<string, unknown> | undefined;
    return row ? (parseAttemptRow(row) as AttemptRow & AttemptRefs) : undefined;
  }

  /** The accepted attempt that spent a replay key, while it is still recorded. Read only on a replay or a dry run. */
  firstSpender(tenant: string, key: string): number | undefined {
    return this.spender.get(tenant, key) as number | undefined;
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
    checks: unpackChecks(row.checks as string | Buffer),
    header: row.header ? JSON.parse(row.header as string) : null,
    claims: row.claims ? JSON.parse(row.claims as string) : null,
  };
}

/**
 * The checks of an attempt are most of its row (about 1.3 KB of JSON for an accepted HappyFox login,
 * 60% of the bytes a login writes). Stored deflated (a BLOB, about a quarter of the size, compressed
 * in the store's worker thread); rows written before are TEXT and read as they are.
 */
function packChecks(checks: unknown): Buffer {
  return deflateRawSync(JSON.stringify(checks));
}

function unpackChecks(stored: string | Buffer): unknown {
  return JSON.parse(typeof stored === 'string' ? stored : inflateRawSync(stored).toString('utf8'));
}
