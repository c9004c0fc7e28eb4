import { z } from 'zod/v4';
import type { Clock } from '../../clock';
import type { AppDeps, ReceiverContext, ReceiverRouter } from '../state';
import type { ApiGuard } from './access';
import { InvalidRequest, parseWith } from './invalid-request';
import { bodyOf, readJsonBody } from './json-body';
import { instant } from './params';
import type { ClockJson } from './schemas/clock';

/** About a century either way: far enough for any window, near enough to stay a valid Date. */
const MAX_SECONDS = 100 * 365 * 24 * 3600;
const seconds = z.number().finite().min(-MAX_SECONDS).max(MAX_SECONDS);

/** PUT /clock's body (exactly one member: checked by the route, which words it). */
export const clockChange = z
  .strictObject({
    frozenAt: instant.optional().meta({ description: 'stand still here: ISO 8601 with Z or an offset, or ms since the epoch', type: ['string', 'integer'] }),
    offsetSeconds: seconds.optional().meta({ description: 'run at real time plus this' }),
    advanceSeconds: seconds.optional().meta({ description: 'move on from now (a frozen clock stays frozen)' }),
  })
  .meta({ description: 'exactly one of: frozenAt (ISO 8601 with Z or an offset, or ms), offsetSeconds (from real time), advanceSeconds (from now)' });

export function clockJson(clock: Clock): ClockJson {
  const state = clock.describe();
  const json: ClockJson = { mode: state.mode, nowMs: state.nowMs, now: new Date(state.nowMs).toISOString() };
  if (state.mode === 'offset') json.offsetSeconds = state.offsetMs / 1000;
  if (state.mode === 'frozen') json.frozenAt = new Date(state.atMs).toISOString();
  return json;
}

/**
 * GET /clock; PUT /clock with one of `frozenAt` (stand still there), `offsetSeconds` (run at real
 * time plus this) or `advanceSeconds` (move on: a frozen clock stays frozen, a running one gains an
 * offset); DELETE /clock back to real time. Every check, expiry and stored time reads this clock.
 */
export function addClockRoutes(router: ReceiverRouter, deps: AppDeps, guard: ApiGuard): void {
  const { clock } = deps;

  router.get('/clock', ...guard, function getClock(ctx: ReceiverContext) {
    ctx.body = clockJson(clock);
  });

  router.put('/clock', ...guard, readJsonBody, function setClock(ctx: ReceiverContext) {
    const change = parseWith(clockChange, bodyOf(ctx), 'body', 'field');
    const given = (['frozenAt', 'offsetSeconds', 'advanceSeconds'] as const).filter((k) => change[k] !== undefined);
    if (given.length !== 1) {
      throw new InvalidRequest([`give exactly one of frozenAt, offsetSeconds, advanceSeconds (got ${given.length ? given.join(', ') : 'none'})`], 'body');
    }
    const target =
      change.frozenAt ??
      (change.offsetSeconds !== undefined ? Date.now() + change.offsetSeconds * 1000 : clock.nowMs() + (change.advanceSeconds as number) * 1000);
    if (!Number.isFinite(new Date(target).getTime())) throw new InvalidRequest([`${given[0]} would move the clock outside the range of a date`], 'body');
    if (change.frozenAt !== undefined) {
      clock.freeze(change.frozenAt);
    } else if (change.offsetSeconds !== undefined) {
      clock.reset();
      clock.advance(Math.round(change.offsetSeconds * 1000));
    } else {
      clock.advance(Math.round((change.advanceSeconds as number) * 1000));
    }
    ctx.body = clockJson(clock);
  });

  router.delete('/clock', ...guard, function resetClock(ctx: ReceiverContext) {
    clock.reset();
    ctx.body = clockJson(clock);
  });
}
