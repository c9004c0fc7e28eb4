import { LRUCache } from 'lru-cache';
import type { LedgerAnswer } from '../verify/replay';

type Replayed = Extract<LedgerAnswer, { state: 'replayed' }>;

/** Keys remembered at most; a replay of one forgotten goes to the ledger as before. */
const MAX_KEYS = 10_000;

/**
 * Replay keys the ledger has answered `replayed`, on the server's thread: a token sent again and
 * again (an IdP retrying a redirect, a flood) is refused without a round trip to the store's
 * worker and a transaction there. Only a refusal is ever answered from here: a key not in it goes
 * to the ledger, and nothing is accepted without it. A key is kept as the ledger gave it (when it
 * was spent, by which attempt); whatever may remove a key or that attempt (a clear, a housekeeping
 * pass that pruned spent keys or attempts) forgets them all, so no answer outlives its row.
 */
export class SpentKeys {
  private readonly keys = new LRUCache<string, Replayed>({ max: MAX_KEYS });

  answer(tenant: string, key: string): Replayed | undefined {
    return this.keys.get(`${tenant}\n${key}`);
  }

  remember(tenant: string, key: string, answer: Replayed): void {
    this.keys.set(`${tenant}\n${key}`, answer);
  }

  forgetAll(): void {
    this.keys.clear();
  }
}
