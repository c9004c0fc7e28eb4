import type { Db } from './database';

/** Small receiver-owned values that must survive a restart (a generated tenant secret). */
export class Settings {
  private readonly find;
  private readonly insert;

  constructor(db: Db) {
    this.find = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
    this.insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  }

  get(key: string): string | undefined {
    return this.find.get(key) as string | undefined;
  }

  /** The stored value, or `make()` stored now. Two processes racing both read the winner's value. */
  getOrCreate(key: string, make: () => string): string {
    const existing = this.get(key);
    if (existing !== undefined) return existing;
    this.insert.run(key, make());
    return this.find.get(key) as string;
  }
}
