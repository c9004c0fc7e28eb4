import type { Vendor } from '../vendors';
import type { Capture, CaptureView, ClockEstimate, ConformResult, ModuleResult, ModuleStatus, RunContext } from './types';

/**
 * The IdP clock's offset from the receiver's over the run: per login, iat against the receiver's
 * time when the IdP minted it (the attempt's time less the flow from the IdP's page to consume).
 * iat has whole seconds, so one estimate is good to about a second; the spread shows drift or
 * load-balanced servers that disagree.
 */
export function clockEstimate(captures: readonly Capture[]): ClockEstimate | null {
  const offsets = captures
    .filter((c) => c.attempt && c.clockShiftMs === 0 && typeof c.attempt.claims?.iat === 'number' && (c.attempt.claims.iat as number) < 1e11)
    .map((c) => (c.attempt?.claims?.iat as number) - ((c.attempt?.at as number) - (c.flowMs ?? 0)) / 1000)
    .sort((a, b) => a - b);
  if (offsets.length === 0) return null;
  const median = offsets[Math.floor(offsets.length / 2)] as number;
  return {
    offsetSeconds: Math.round(median * 10) / 10,
    spreadSeconds: Math.round(((offsets.at(-1) as number) - (offsets[0] as number)) * 10) / 10,
    samples: offsets.length,
  };
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
