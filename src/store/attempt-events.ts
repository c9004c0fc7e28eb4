import type { AttemptListener, AttemptRow } from './types';

/**
 * Who hears of committed attempts. A listener runs once per attempt, after the commit, in the
 * order attempts were recorded; the same function added twice is called once.
 *
 * A listener that throws cannot undo the attempt (it is on disk) and must not fail the request or
 * starve the other listeners: its error is thrown again on the next tick, an uncaught exception a
 * test runner reports against the running test, as it would from an EventEmitter in a timer.
 */
export class AttemptEvents {
  private readonly listeners = new Set<AttemptListener>();

  on(listener: AttemptListener): void {
    this.listeners.add(listener);
  }

  off(listener: AttemptListener): void {
    this.listeners.delete(listener);
  }

  /** Nobody listens: the store need not read the attempt back. */
  get idle(): boolean {
    return this.listeners.size === 0;
  }

  emit(attempt: AttemptRow): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(attempt);
      } catch (err) {
        process.nextTick(() => {
          throw err;
        });
      }
    }
  }
}
