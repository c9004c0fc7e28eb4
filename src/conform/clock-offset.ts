import type { Attempt } from '../library/records';

/** The IdP clock against the receiver's, from a set of logins: IdP minus receiver, in seconds. */
export interface ClockOffset {
  /** Median of the per-login estimates; positive: the IdP's clock is ahead. */
  offsetSeconds: number;
  /** max - min of the estimates: load-balanced IdP servers that disagree, or a drifting clock. */
  spreadSeconds: number;
  samples: number;
}

export interface ClientClockOffset extends ClockOffset {
  /** The address the logins came from (the browser's, so for an IdP behind one NAT, one row). */
  clientIp: string | null;
}

/** One login's estimate: its iat against the receiver's time when the IdP minted it (arrival less the way there). */
export interface ClockSample {
  clientIp: string | null;
  iat: number;
  atMs: number;
  /** Time from the IdP's page to the consume request, when a run measured it. */
  flowMs?: number | null;
}

const round = (n: number): number => Math.round(n * 10) / 10;

function summarise(estimates: number[]): ClockOffset {
  const sorted = [...estimates].sort((a, b) => a - b);
  return {
    offsetSeconds: round(sorted[Math.floor(sorted.length / 2)] as number),
    spreadSeconds: round((sorted.at(-1) as number) - (sorted[0] as number)),
    samples: sorted.length,
  };
}

const estimate = (s: ClockSample): number => s.iat - (s.atMs - (s.flowMs ?? 0)) / 1000;

/** Over all samples; null when there is none. iat holds whole seconds, so one estimate is good to about a second. */
export function clockOffset(samples: readonly ClockSample[]): ClockOffset | null {
  return samples.length === 0 ? null : summarise(samples.map(estimate));
}

/** Per client address, most samples first. */
export function clockOffsetsByClient(samples: readonly ClockSample[]): ClientClockOffset[] {
  const groups = new Map<string | null, number[]>();
  for (const s of samples) groups.set(s.clientIp, [...(groups.get(s.clientIp) ?? []), estimate(s)]);
  return [...groups].map(([clientIp, list]) => ({ clientIp, ...summarise(list) })).sort((a, b) => b.samples - a.samples);
}

/** One attempt's sample, when its iat is a count of seconds; `flowMs` when a run measured the way from the IdP. */
export function clockSample(attempt: Attempt, flowMs: number | null = null): ClockSample | null {
  const iat = attempt.claims?.iat;
  return typeof iat === 'number' && iat < 1e11 ? { clientIp: attempt.clientIp, iat, atMs: attempt.at, flowMs } : null;
}

/** The samples ordinary attempts give, for `clockOffsetsByClient(clockSamples(await receiver.attempts()))`. */
export function clockSamples(attempts: readonly Attempt[]): ClockSample[] {
  return attempts.flatMap((a) => clockSample(a) ?? []);
}
