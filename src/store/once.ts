import type { OnceAnswer, OncePeek, OnceValue } from './contract';
import type { Db } from './database';

interface OnceRow {
  issued_at: number;
  used_at: number | null;
  expires_at: number;
  data: string | null;
}

/** Single-use values (nonces, OIDC states): issued once, redeemed at most once, forgotten after expiry. */
export class OnceValues {
  private readonly insert;
  private readonly redeem;
  private readonly find;
  private readonly prune;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO once_values (tenant, purpose, value, issued_at, expires_at, data) VALUES (?, ?, ?, ?, ?, ?)');
    // One statement decides: two redemptions racing cannot both see the row unused.
    this.redeem = db.prepare(
      'UPDATE once_values SET used_at = ? WHERE tenant = ? AND purpose = ? AND value = ? AND used_at IS NULL AND expires_at > ? RETURNING issued_at, data',
    );
    this.find = db.prepare('SELECT issued_at, used_at, expires_at, data FROM once_values WHERE tenant = ? AND purpose = ? AND value = ?');
    this.prune = db.prepare('DELETE FROM once_values WHERE rowid IN (SELECT rowid FROM once_values WHERE expires_at <= ? LIMIT ?)');
  }

  issue(v: OnceValue): void {
    this.insert.run(v.tenant, v.purpose, v.value, v.issuedAtMs, v.expiresAtMs, v.data === undefined ? null : JSON.stringify(v.data));
  }

  redeemNow(tenant: string, purpose: string, value: string, nowMs: number): OnceAnswer {
    const row = this.redeem.get(nowMs, tenant, purpose, value, nowMs) as { issued_at: number; data: string | null } | undefined;
    if (row) return { state: 'redeemed', issuedAtMs: row.issued_at, data: row.data === null ? null : JSON.parse(row.data) };
    const seen = this.find.get(tenant, purpose, value) as OnceRow | undefined;
    if (!seen) return { state: 'unknown' };
    if (seen.used_at !== null) return { state: 'used', usedAtMs: seen.used_at };
    return { state: 'expired', expiredAtMs: seen.expires_at };
  }

  peek(tenant: string, purpose: string, value: string, nowMs: number): OncePeek {
    const seen = this.find.get(tenant, purpose, value) as OnceRow | undefined;
    if (!seen) return { state: 'unknown' };
    if (seen.used_at !== null) return { state: 'used', usedAtMs: seen.used_at };
    if (seen.expires_at <= nowMs) return { state: 'expired', expiredAtMs: seen.expires_at };
    return { state: 'live', issuedAtMs: seen.issued_at, data: seen.data === null ? null : JSON.parse(seen.data) };
  }

  forgetExpired(nowMs: number, slice: number): number {
    return this.prune.run(nowMs, slice).changes;
  }
}
