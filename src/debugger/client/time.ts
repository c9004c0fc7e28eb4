import type { ClockState } from './api.js';
import { el } from './dom.js';

/**
 * The receiver's clock as last read from /_receiver/clock, run forward locally between polls
 * (unless frozen), and the "delta" spans that show every instant against it.
 */
let last: { clock: ClockState; readAt: number } | null = null;

export function setReceiverClock(clock: ClockState): void {
  last = { clock, readAt: performance.now() };
  refreshDeltas();
}

export function receiverClock(): ClockState | null {
  return last?.clock ?? null;
}

/** The receiver's now in ms, or null before the first read. */
export function receiverNow(): number | null {
  if (!last) return null;
  const { clock, readAt } = last;
  return clock.mode === 'frozen' ? clock.nowMs : clock.nowMs + (performance.now() - readAt);
}

/** The claims shown as instants: seconds (iat, exp, nbf) and Zoho's milliseconds (not_before, not_after). */
export const TIME_CLAIMS = ['iat', 'exp', 'nbf', 'not_before', 'not_after'];

/** A numeric date in seconds or in milliseconds: values from 1e11 up are read as milliseconds. */
export function instantOf(value: unknown): { ms: number; unit: 's' | 'ms' } | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n)) return null;
  return Math.abs(n) >= 1e11 ? { ms: n, unit: 'ms' } : { ms: n * 1000, unit: 's' };
}

export function formatDate(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'not a date';
  return d.toISOString().replace('T', ' ').replace('.000Z', 'Z');
}

function human(seconds: number): string {
  const parts: string[] = [];
  const units: Array<[number, string]> = [
    [86400, 'd'],
    [3600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  let rest = seconds;
  for (const [size, name] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

/** Seconds as the vendors count them (`187 s`), with larger units from two minutes up; days in units only. */
function split(abs: number): [main: string, units: string] {
  if (abs >= 86400) return [human(abs), ''];
  return [`${abs} s`, abs >= 120 ? ` (${human(abs)})` : ''];
}

/** `187 s (3 min 7 s)`, `309 d 20 h`: a duration in seconds. */
export function formatSeconds(seconds: number): string {
  const [main, units] = split(Math.abs(seconds));
  return main + units;
}

/** `187 s ago (3 min 7 s)`, `in 30 s`, `now`: an instant against the receiver's clock. */
export function formatDelta(ms: number, nowMs: number): string {
  const s = Math.round((ms - nowMs) / 1000);
  if (s === 0) return 'now';
  const [main, units] = split(Math.abs(s));
  return s < 0 ? `${main} ago${units}` : `in ${main}${units}`;
}

/** A span that keeps showing `ms` against the receiver's clock (updated on every clock read). */
export function deltaSpan(ms: number): HTMLSpanElement {
  const span = el('span', { class: 'delta', attrs: { 'data-ms': String(ms) } });
  updateDelta(span);
  return span;
}

function updateDelta(span: HTMLElement): void {
  const now = receiverNow();
  const ms = Number(span.dataset.ms);
  span.textContent = now === null ? '' : `${formatDelta(ms, now)} by the receiver clock`;
  span.classList.toggle('past', now !== null && ms < now);
}

export function refreshDeltas(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('.delta[data-ms]').forEach(updateDelta);
}

/** The date and the delta of an instant: a claim in seconds or milliseconds (said), or a stored time. */
export function instantView(ms: number, unit: 's' | 'ms' | 'stored'): HTMLElement {
  return el('span', { class: 'instant' }, el('span', { class: 'date' }, formatDate(ms)), unit === 'ms' ? ' (milliseconds) ' : ' ', deltaSpan(ms));
}

/** The time a list row shows: HH:MM:SS of the receiver's clock (UTC). */
export function timeOfDay(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '?' : d.toISOString().slice(11, 19);
}

export function toMs(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}
