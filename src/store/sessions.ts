import { createHash } from 'node:crypto';
import type { Db } from './database';
import type { SessionListRow, SessionRow } from './types';

export type { SessionRow } from './types';

/** A session id made by sessionIdPrefix: its creation time, 9 base36 digits of ms, and a dot. */
const TIMED = /^[0-9a-z]{9}\./;

/**
 * What opens a session id made at `nowMs` (the random part follows): its creation time, so the
 * stored key (hashSessionId) sorts by age. A new session's key then goes to the end of the table's
 * B-tree, beside the previous one's, instead of a random page of it: a login wrote ~7 µs less
 * (`bench/store-cpu.ts`), and housekeeping ends the oldest sessions from a few pages, not one page
 * each. The time says nothing a cookie's holder does not know; the 256 random bits are the secret.
 */
export function sessionIdPrefix(nowMs: number): string {
  return Math.max(0, Math.trunc(nowMs)).toString(36).padStart(9, '0').slice(-9) + '.';
}

/**
 * The stored form of a session id: its SHA-256, so a copy of the database logs no one in, behind
 * the id's time prefix when it has one. An id without one (a session made before the prefix, a
 * value from elsewhere) is its bare hash: the dot keeps the two forms apart (base64url has none).
 */
export function hashSessionId(id: string): string {
  const digest = createHash('sha256').update(id).digest('base64url');
  return TIMED.test(id) ? id.slice(0, 10) + digest : digest;
}

/**
 * Past the newest `keep` of a tenant, at most `limit` sessions go. Read through the index
 * sessions_tenant_created (migration 006), never a scan of every tenant's sessions.
 */
export const TRIM_SESSIONS_SQL = `DELETE FROM sessions WHERE id_hash IN (
  SELECT id_hash FROM sessions WHERE tenant = @tenant ORDER BY created_at DESC, id_hash DESC LIMIT @limit OFFSET @keep)`;

const COLUMNS = 'id_hash AS idHash, tenant, user_id AS userId, created_at AS createdAt, expires_at AS expiresAt';

export class Sessions {
  private readonly insert;
  private readonly findLive;
  private readonly remove;
  private readonly prune;
  private readonly byHash;
  private readonly live;
  private readonly trim;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO sessions (id_hash, tenant, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
    this.findLive = db.prepare(
      'SELECT id_hash AS idHash, tenant, user_id AS userId, created_at AS createdAt, expires_at AS expiresAt FROM sessions WHERE id_hash = ? AND tenant = ? AND expires_at > ?',
    );
    this.remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
    this.trim = db.prepare(TRIM_SESSIONS_SQL);
    this.prune = db.prepare('DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions WHERE expires_at <= ? LIMIT ?)');
    this.byHash = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE id_hash = ?`);
    this.live = db.prepare(`SELECT s.id_hash AS idHash, s.tenant, s.user_id AS userId, s.created_at AS createdAt, s.expires_at AS expiresAt,
      u.email FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.expires_at > @now AND (@tenant IS NULL OR s.tenant = @tenant) ORDER BY s.created_at DESC, s.id_hash LIMIT @limit`);
  }

  create(idHash: string, tenant: string, userId: number, nowMs: number, ttlMs: number): SessionRow {
    this.insert.run(idHash, tenant, userId, nowMs, nowMs + ttlMs);
    return { idHash, tenant, userId, createdAt: nowMs, expiresAt: nowMs + ttlMs };
  }

  /** The live session for a cookie value, if any. */
  find(id: string, tenant: string, nowMs: number): SessionRow | undefined {
    return this.findLive.get(hashSessionId(id), tenant, nowMs) as SessionRow | undefined;
  }

  /** A session by its stored hash, live or not (an attempt keeps the hash of the session it made). */
  getByHash(idHash: string): SessionRow | undefined {
    return this.byHash.get(idHash) as SessionRow | undefined;
  }

  /** Sessions live at `nowMs` (of one tenant or all), newest first, with their user's email. */
  listLive(nowMs: number, tenant: string | null, limit: number): Array<SessionRow & Pick<SessionListRow, 'email'>> {
    return this.live.all({ now: nowMs, tenant, limit }) as Array<SessionRow & Pick<SessionListRow, 'email'>>;
  }

  end(id: string): boolean {
    return this.remove.run(hashSessionId(id)).changes > 0;
  }

  /** Keeps the newest `keep` sessions of a tenant; ends at most `limit` older ones. */
  keepNewest(tenant: string, keep: number, limit: number): number {
    return this.trim.run({ tenant, keep, limit }).changes;
  }

  forgetExpired(nowMs: number, limit: number): number {
    return this.prune.run(nowMs, limit).changes;
  }
}
