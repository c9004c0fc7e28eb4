import type { Vendor } from '../vendors';
import { clockOffset, clockOffsetsByClient, clockSample } from './clock-offset';
import type { Capture, CaptureView, ClockEstimate, ConformResult, ModuleResult, ModuleStatus, RunContext } from './types';

/**
 * The IdP clock's offset from the receiver's over the run, and per client address: per login, iat
 * against the receiver's time when the IdP minted it (the attempt's time less the flow from the
 * IdP's page to consume). Logins the run moved the receiver clock for do not count.
 */
export function clockEstimate(captures: readonly Capture[]): ClockEstimate | null {
  const samples = captures.flatMap((c) => (c.attempt && c.clockShiftMs === 0 ? (clockSample(c.attempt, c.flowMs) ?? []) : []));
  const overall = clockOffset(samples);
  return overall && { ...overall, byClient: clockOffsetsByClient(samples) };
}

/** A capture as a report shows it: the token's header and claims and the checks, never the token. */
export function captureView(capture: Capture): CaptureView {
  const { attempt, ...rest } = capture;
  return {
    ...rest,
    header: attempt?.header ?? null,
    claims: attempt?.claims ?? null,
    accepted: attempt ? attempt.accepted : null,
    code: attempt?.code ?? null,
    checks: (attempt?.checks ?? []).map((c) => ({ name: c.name, status: c.status, message: c.message })),
  };
}

export function summarise(run: {
  vendor: Vendor;
  tenantId: string;
  receiverUrl: string;
  driver: RunContext['driverKind'];
  started: number;
  results: ModuleResult[];
  captures: Capture[];
}): ConformResult {
  const counts: Record<ModuleStatus, number> = { PASSED: 0, FAILED: 0, WARNING: 0, SKIPPED: 0, REVIEW: 0 };
  for (const r of run.results) counts[r.status] += 1;
  const failing = run.results.some((r) => r.status === 'FAILED' && !r.expected);
  return {
    vendor: run.vendor.id,
    vendorName: run.vendor.contract.vendor,
    tenant: run.tenantId,
    receiverUrl: run.receiverUrl,
    driver: run.driver,
    startedAt: new Date(run.started).toISOString(),
    durationMs: Date.now() - run.started,
    modules: run.results,
    captures: run.captures.map(captureView),
    clock: clockEstimate(run.captures),
    outcome: failing ? 'FAILED' : 'PASSED',
    counts,
  };
}
