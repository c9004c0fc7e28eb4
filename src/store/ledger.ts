import type { Db } from './database';

/** The replay ledger: one row per accepted (tenant, jti-or-content) until it could no longer be accepted. */
export class ReplayLedger {
  private readonly insert;
  private readonly find;
  private readonly prune;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO replay_ledger (tenant, replay_key, used_at, keep_until) VALUES (?, ?, ?, ?)');
    this.find = db.prepare('SELECT used_at AS usedAt, keep_until AS keepUntil FROM replay_ledger WHERE tenant = ? AND replay_key = ?');
    this.prune = db.prepare('DELETE FROM replay_ledger WHERE keep_until < ?');
  }

  /** Records a use; throws SQLITE_CONSTRAINT_PRIMARYKEY when the key was used before. Never check-then-insert. */
  record(tenant: string, key: string, nowMs: number, keepUntilMs: number): void {
    this.insert.run(tenant, key, nowMs, keepUntilMs);
  }

  lookup(tenant: string, key: string): { usedAt: number; keepUntil: number } | undefined {
    return this.find.get(tenant, key) as { usedAt: number; keepUntil: number } | undefined;
  }

  forgetExpired(nowMs: number): number {
    return this.prune.run(nowMs).changes;
  }
}
