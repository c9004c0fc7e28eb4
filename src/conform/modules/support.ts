import type { Check } from '../../verify/verdict';
import type { Capture, Evidence, ModuleOutcome, ModuleStatus, RunContext } from '../types';

/**
 * Which module judges a check of the verdict: each module looks at its own checks only, so an IdP
 * with one mistake fails the one module meant to catch it (a stale iat is not also a failed happy path).
 */
export type CheckGroup = 'time' | 'replay' | 'return' | 'origin' | 'token';

export function checkGroup(check: Pick<Check, 'name'>): CheckGroup {
  // `lifetime`: exp - iat against the vendor's bound (Freshdesk SSO v2: 900 s), a rule of time like the windows.
  if (/_window$|^validity_|^lifetime$/.test(check.name)) return 'time';
  if (check.name === 'replay') return 'replay';
  if (check.name === 'return_to') return 'return';
  if (check.name === 'whitelist') return 'origin';
  return 'token';
}

export function checksOf(capture: Capture, group: CheckGroup): Check[] {
  return (capture.attempt?.checks ?? []).filter((check) => checkGroup(check) === group);
}

export const evidence = (level: Evidence['level'], message: string, capture?: number, data?: Record<string, unknown>): Evidence => ({
  level,
  message,
  ...(capture === undefined ? {} : { capture }),
  ...(data === undefined ? {} : { data }),
});

/** The worst status of the evidence: any FAILURE fails, any WARNING warns, else passed. */
export function outcome(summary: string, items: Evidence[], passedStatus: ModuleStatus = 'PASSED'): ModuleOutcome {
  const status: ModuleStatus = items.some((e) => e.level === 'FAILURE') ? 'FAILED' : items.some((e) => e.level === 'WARNING') ? 'WARNING' : passedStatus;
  return { status, summary, evidence: items };
}

export const skipped = (summary: string, items: Evidence[] = []): ModuleOutcome => ({ status: 'SKIPPED', summary, evidence: items });

/** A login that never reached the consume route: nothing of the module's own to judge, and it says why. */
export function unreached(capture: Capture, index: number): Evidence | null {
  if (capture.consume || capture.attempt) return null;
  return evidence('FAILURE', `the login never reached the consume route: ${capture.error ?? 'no request arrived'}`, index, { idpUrl: capture.idpUrl });
}

/** The index of a capture in the run, for evidence to point at. */
export function indexOf(captures: readonly Capture[], capture: Capture): number {
  return captures.indexOf(capture);
}

/** The value of the first parameter `name` the consume request carried. */
export function param(capture: Capture, name: string): string | undefined {
  return capture.consume?.params.find(([key]) => key === name)?.[1];
}

export interface LoginPair {
  first: Capture;
  second: Capture;
  /** Their indexes in the run's captures. */
  a: number;
  b: number;
  /** Set when a login never reached the receiver: the module's outcome, with nothing of its own to judge. */
  missed: ModuleOutcome | null;
}

/** Two logins of the default user, fresh sessions (the second keeps the first's when `keepSession`; starts in a new second when `newSecond`). */
export async function twoLogins(
  ctx: RunContext,
  module: string,
  second: { label: string; keepSession?: boolean; newSecond?: boolean } = { label: 'second login' },
): Promise<LoginPair> {
  const one = await ctx.login({ label: `${module}: first login` });
  if (second.newSecond) await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));
  const two = await ctx.login({ label: `${module}: ${second.label}`, keepSession: second.keepSession ?? false });
  const [a, b] = [indexOf(ctx.captures, one), indexOf(ctx.captures, two)];
  const unreachedOnes = [unreached(one, a), unreached(two, b)].filter((e) => e !== null);
  return { first: one, second: two, a, b, missed: unreachedOnes.length > 0 ? outcome('a login did not reach the receiver', unreachedOnes) : null };
}
