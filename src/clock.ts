/**
 * The one clock every check, every stored time and every report reads. A test (or, later, the
 * control API) may freeze it or shift it. Only bookkeeping that is not about tokens (migration
 * times, process uptime, the pruning guard in server.ts) reads the real time.
 */
export type ClockMode = { mode: 'real' } | { mode: 'offset'; offsetMs: number } | { mode: 'frozen'; atMs: number };

export class Clock {
  private state: ClockMode = { mode: 'real' };

  constructor(private readonly source: () => number = Date.now) {}

  /** Milliseconds since the epoch, as the receiver sees it. */
  nowMs(): number {
    switch (this.state.mode) {
      case 'real':
        return this.source();
      case 'offset':
        return this.source() + this.state.offsetMs;
      case 'frozen':
        return this.state.atMs;
    }
  }

  freeze(atMs: number = this.nowMs()): void {
    this.state = { mode: 'frozen', atMs };
  }

  /** Moves the clock: a frozen clock stays frozen at the later instant, a running one gains an offset. */
  advance(ms: number): void {
    if (this.state.mode === 'frozen') this.state = { mode: 'frozen', atMs: this.state.atMs + ms };
    else this.state = { mode: 'offset', offsetMs: (this.state.mode === 'offset' ? this.state.offsetMs : 0) + ms };
  }

  reset(): void {
    this.state = { mode: 'real' };
  }

  describe(): ClockMode & { nowMs: number } {
    return { ...this.state, nowMs: this.nowMs() };
  }
}
