import type { Clock } from '../clock';

/** The receiver's clock as a test moves it. Every check, stored time and expiry reads it. */
export interface ReceiverClock {
  /** The receiver's current time, in milliseconds since the epoch. */
  now(): number;
  /** Stops the clock at `at` (ms since the epoch, or a Date); default: where it is now. */
  freeze(at?: number | Date): void;
  /**
   * Moves the clock by `ms` milliseconds (negative goes back). A frozen clock stays frozen at the new
   * instant; a running one keeps running, shifted.
   */
  advance(ms: number): void;
  /** Back to real time. */
  reset(): void;
}

export function receiverClock(clock: Clock): ReceiverClock {
  return {
    now: () => clock.nowMs(),
    freeze(at) {
      const atMs = at instanceof Date ? at.getTime() : at;
      if (atMs !== undefined && !Number.isFinite(atMs))
        throw new TypeError(`clock.freeze(at): at must be a finite number of ms or a valid Date (got ${String(at)})`);
      clock.freeze(atMs);
    },
    advance(ms) {
      if (!Number.isFinite(ms)) throw new TypeError(`clock.advance(ms): ms must be a finite number (got ${String(ms)})`);
      clock.advance(ms);
    },
    reset: () => clock.reset(),
  };
}
