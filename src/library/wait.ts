import { attemptMatches, describeAttempt, describeFilter, type Attempt, type AttemptFilter } from './records';

/** Default wait: below jest's and vitest's 5 s test timeout, so this error (which says what arrived) shows first. */
export const DEFAULT_WAIT_MS = 3000;

/** waitForAttempt() saw no matching attempt in time. `others` are the attempts recorded meanwhile. */
export class AttemptTimeoutError extends Error {
  override readonly name = 'AttemptTimeoutError';
  readonly code = 'attempt_timeout';

  constructor(
    readonly filter: AttemptFilter,
    readonly timeoutMs: number,
    readonly others: readonly Attempt[],
  ) {
    const seen =
      others.length === 0 ? 'no attempt at all was recorded' : `${others.length} other attempt(s) were: ${others.slice(-5).map(describeAttempt).join('; ')}`;
    super(`waitForAttempt: no attempt matching ${describeFilter(filter)} was recorded within ${timeoutMs} ms (${seen})`);
  }
}

interface Waiter {
  filter: AttemptFilter;
  /** Only attempts with a larger id count; undefined until the store said where "now" is. */
  afterId: number | undefined;
  timer: NodeJS.Timeout;
  resolve(attempt: Attempt): void;
  reject(error: Error): void;
}

export interface AttemptSource {
  /** The largest attempt id so far. */
  lastId(): Promise<number>;
  /** Attempts with an id above `afterId` matching `filter`, oldest first. */
  after(afterId: number, filter: AttemptFilter): Promise<Attempt[]>;
  /** Calls `onCommit` with each attempt after its transaction committed; returns how to stop. */
  subscribe(onCommit: (attempt: Attempt) => void): () => void;
}

/**
 * The pending waitForAttempt() calls of one receiver. They listen for committed attempts rather
 * than poll: on each commit, every waiter asks the store for its first match (the store's own
 * search, so a filter means here what it means in attempts()). Nobody waiting, nobody listens.
 */
export class AttemptWaiters {
  private readonly waiters = new Set<Waiter>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly source: AttemptSource) {}

  /** The first attempt matching `filter` recorded after this call. */
  wait(filter: AttemptFilter, timeoutMs: number): Promise<Attempt> {
    if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0))
      return Promise.reject(new TypeError(`waitForAttempt: timeoutMs must be a number of ms >= 0 (got ${String(timeoutMs)})`));
    return new Promise<Attempt>((resolve, reject) => {
      const waiter: Waiter = {
        filter,
        afterId: undefined,
        timer: setTimeout(() => {
          this.remove(waiter);
          void this.source.after(waiter.afterId ?? 0, {}).then(
            (others) => reject(new AttemptTimeoutError(filter, timeoutMs, others)),
            () => reject(new AttemptTimeoutError(filter, timeoutMs, [])),
          );
        }, timeoutMs),
        resolve,
        reject,
      };
      this.waiters.add(waiter);
      // Listening before asking where "now" is: a commit in between is checked once the answer is in.
      this.unsubscribe ??= this.source.subscribe((attempt) => this.heard(attempt));
      this.source.lastId().then(
        (id) => {
          waiter.afterId ??= id;
          if (this.waiters.has(waiter)) void this.checkOne(waiter);
        },
        (err: unknown) => {
          this.remove(waiter);
          reject(err as Error);
        },
      );
    });
  }

  /** After the store was emptied: attempt ids start again at 1, so every waiter counts from 0. */
  rebase(): void {
    for (const w of this.waiters) w.afterId = 0;
  }

  /** Rejects every pending wait (the receiver is closing). */
  cancel(reason: string): void {
    for (const w of [...this.waiters]) {
      this.remove(w);
      w.reject(new Error(`waitForAttempt ${describeFilter(w.filter)}: ${reason}`));
    }
  }

  /**
   * A committed attempt, decided on at once (no round trip to the store): a waiter resolves within
   * the commit, before the answer of the request that made it reaches its client.
   */
  private heard(attempt: Attempt): void {
    for (const w of [...this.waiters]) {
      if (w.afterId === undefined || attempt.id <= w.afterId || !attemptMatches(attempt, w.filter)) continue;
      this.remove(w);
      w.resolve(attempt);
    }
  }

  private async checkOne(w: Waiter): Promise<void> {
    if (w.afterId === undefined) return;
    let found: Attempt | undefined;
    try {
      found = (await this.source.after(w.afterId, { ...w.filter, limit: 1 }))[0];
    } catch (err) {
      if (!this.waiters.has(w)) return;
      this.remove(w);
      w.reject(err as Error);
      return;
    }
    if (found && this.waiters.has(w)) {
      this.remove(w);
      w.resolve(found);
    }
  }

  private remove(w: Waiter): void {
    clearTimeout(w.timer);
    this.waiters.delete(w);
    if (this.waiters.size === 0 && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = undefined;
    }
  }
}
