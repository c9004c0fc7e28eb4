import { getClock, resetClock, resetState, setClock, type ClockState } from './api.js';
import { byId, notice } from './dom.js';
import { formatDate, formatSeconds, receiverNow, setReceiverClock } from './time.js';

export interface ControlEvents {
  /** The clock was moved from this page: every shown delta and the dry run follow it. */
  clockChanged(): void;
  /** Every attempt, ledger key, user and session was deleted. */
  stateReset(): void;
}

/** The receiver clock (freeze now, advance by N seconds, back to real time) and the state reset. */
export class Controls {
  private readonly now = byId<HTMLElement>('clock-now');
  private readonly mode = byId<HTMLElement>('clock-mode');
  private readonly drift = byId<HTMLElement>('clock-drift');
  private readonly seconds = byId<HTMLInputElement>('clock-advance-seconds');
  private readonly clockStatus = byId<HTMLElement>('clock-status');
  private readonly confirmBox = byId<HTMLElement>('state-confirm');
  private readonly stateStatus = byId<HTMLElement>('state-status');

  constructor(private readonly events: ControlEvents) {
    byId('clock-freeze').addEventListener('click', () => void this.freeze());
    byId('clock-advance-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.advance();
    });
    byId('clock-reset').addEventListener('click', () => void this.act('Clock back to real time', resetClock));
    byId('state-reset').addEventListener('click', () => {
      this.confirmBox.hidden = false;
      byId('state-reset-cancel').focus();
    });
    byId('state-reset-cancel').addEventListener('click', () => {
      this.confirmBox.hidden = true;
    });
    byId('state-reset-confirm').addEventListener('click', () => void this.reset());
  }

  /** Reads the clock (each poll); the display runs on between reads. */
  async poll(): Promise<void> {
    try {
      this.show(await getClock());
    } catch (err) {
      notice(this.clockStatus, 'error', `Could not read the clock: ${(err as Error).message}`);
    }
  }

  /** Redraws the clock from the last read, moved on by the time since (unless frozen). */
  tick(): void {
    const now = receiverNow();
    if (now === null) return;
    this.now.textContent = formatDate(Math.floor(now / 1000) * 1000);
    const drift = Math.round((now - Date.now()) / 1000);
    this.drift.textContent = Math.abs(drift) < 2 ? 'in step with this browser' : `${formatSeconds(drift)} ${drift > 0 ? 'ahead of' : 'behind'} this browser`;
  }

  private show(clock: ClockState): void {
    setReceiverClock(clock);
    this.mode.textContent = clock.mode;
    this.mode.className = `badge mode-${clock.mode}`;
    this.tick();
  }

  private async act(done: string, action: () => Promise<ClockState>): Promise<void> {
    try {
      this.show(await action());
      notice(this.clockStatus, 'ok', done);
      this.events.clockChanged();
    } catch (err) {
      notice(this.clockStatus, 'error', (err as Error).message);
    }
  }

  /** Freezes at the receiver's own now (read fresh), not at the browser's. */
  private freeze(): Promise<void> {
    return this.act('Clock frozen', async () => setClock({ frozenAt: (await getClock()).nowMs }));
  }

  private advance(): Promise<void> {
    const seconds = Number(this.seconds.value);
    if (!Number.isFinite(seconds) || this.seconds.value.trim() === '') {
      notice(this.clockStatus, 'error', 'Advance by a number of seconds (negative moves it back)');
      return Promise.resolve();
    }
    return this.act(`Clock moved ${seconds >= 0 ? 'forward' : 'back'} by ${Math.abs(seconds)} s`, () => setClock({ advanceSeconds: seconds }));
  }

  private async reset(): Promise<void> {
    this.confirmBox.hidden = true;
    try {
      const answer = (await resetState()) as { deleted?: Record<string, unknown> } | null;
      const counts = Object.entries(answer?.deleted ?? {}).map(([table, n]) => `${String(n)} ${table}`);
      notice(this.stateStatus, 'ok', `State reset: ${counts.length ? `deleted ${counts.join(', ')}` : 'attempts, replay ledger, users and sessions deleted'}`);
      this.events.stateReset();
    } catch (err) {
      notice(this.stateStatus, 'error', (err as Error).message);
    }
  }
}
