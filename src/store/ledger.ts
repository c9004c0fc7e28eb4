import type { Db } from './database';
import type { LedgerEntry } from './types';

/** The replay ledger: one row per accepted (tenant, jti-or-content) until it could no longer be accepted. */
export class ReplayLedger {
  private readonly insert;
  private readonly find;
  private readonly prune;
  private readonly spender;

  constructor(db: Db) {
    // The row names its spender as it is written: the id the login's attempt row will take, the one
    // past the newest (SQLite's own choice of rowid, and nothing else writes attempts inside the
    // login's transaction). No UPDATE of the row once the attempt exists: one statement less per login.
    this.insert = db
      .prepare(
        `INSERT INTO replay_ledger (tenant, replay_key, used_at, keep_until, attempt_id)
        VALUES (?, ?, ?, ?, (SELECT coalesce(max(id), 0) + 1 FROM attempts)) ON CONFLICT DO NOTHING RETURNING attempt_id`,
      )
      .pluck();
    this.find = db.prepare('SELECT used_at AS usedAt, keep_until AS keepUntil FROM replay_ledger WHERE tenant = ? AND replay_key = ?');
    // The attempt must still be there, of the same tenant and key: pruned or cleared, there is none.
    this.spender = db
      .prepare(
        `SELECT a.id FROM replay_ledger l JOIN attempts a ON a.id = l.attempt_id AND a.tenant = l.tenant AND a.replay_key = l.replay_key
        WHERE l.tenant = ? AND l.replay_key = ?`,
      )
      .pluck();
    this.prune = db.prepare(
      'DELETE FROM replay_ledger WHERE (tenant, replay_key) IN (SELECT tenant, replay_key FROM replay_ledger WHERE keep_until < ? LIMIT ?)',
    );
  }

  /**
   * Spends a key for the attempt the login records next: the id that attempt must take, or undefined
   * if the key was spent before. One INSERT on the primary key decides, never a look-up first, so
   * two concurrent uses cannot both win.
   */
  spend(tenant: string, key: string, nowMs: number, keepUntilMs: number): number | undefined {
    return this.insert.get(tenant, key, nowMs, keepUntilMs) as number | undefined;
  }

  lookup(tenant: string, key: string): LedgerEntry | undefined {
    return this.find.get(tenant, key) as LedgerEntry | undefined;
  }

  /** The accepted attempt that spent a key, while both are kept. Read only on a replay or a dry run. */
  firstSpender(tenant: string, key: string): number | undefined {
    return this.spender.get(tenant, key) as number | undefined;
  }

  /** Removes at most `limit` keys that no token could carry any more. */
  forgetExpired(nowMs: number, limit: number): number {
    return this.prune.run(nowMs, limit).changes;
  }
}
