import type { TenantOptions } from '../../config/schema';
import { optionValue } from '../../config/setting';
import type { OnceState, OnceValues, Redeemed } from '../../verify/once';
import { fail, pass, type Check } from '../../verify/verdict';
import { FRESHWORKS_OPTIONS } from './options';

export const STATE_PURPOSE = 'oidc-state';
export const NONCE_PURPOSE = 'oidc-nonce';

/** What /login keeps with a state: the nonce sent beside it, and the page to land on. */
export interface StateData {
  nonce: string;
  returnTo: string;
}

export const stateLifetimeMs = (options: TenantOptions): number => optionValue(options, FRESHWORKS_OPTIONS, 'freshworksStateLifetimeSeconds') * 1000;

/** Why an answer is not a fresh redemption, in words and a reason; null when it is one. */
function refusal(
  what: string,
  value: string | null,
  answer: OnceState | null,
  nowMs: number,
): { why: string; reason: 'missing' | 'replayed' | 'expired' | 'not_one_of' } | null {
  if (value === null) return { why: `no ${what}`, reason: 'missing' };
  switch (answer?.state) {
    case 'redeemed':
      return null;
    case 'used':
      return { why: `this ${what} was used ${Math.round((nowMs - answer.usedAtMs) / 1000)} s ago: each login needs a new one from /login`, reason: 'replayed' };
    case 'expired':
      return { why: `this ${what} expired ${Math.round((nowMs - answer.expiredAtMs) / 1000)} s ago`, reason: 'expired' };
    default:
      return { why: `this receiver never issued this ${what}: echo the one its /login sent`, reason: 'not_one_of' };
  }
}

function judge([state, nonce]: readonly Redeemed[], { nowMs }: { nowMs: number }): Check[] {
  const checks: Check[] = [];
  const stateRefused = refusal('state', state?.value ?? null, state?.answer ?? null, nowMs);
  checks.push(
    stateRefused
      ? fail('state', 'nonce_invalid', stateRefused.why, { reason: stateRefused.reason })
      : pass('state', 'state issued by /login, now used', { reason: 'spent' }),
  );
  const nonceRefused = refusal('nonce', nonce?.value ?? null, nonce?.answer ?? null, nowMs);
  if (nonceRefused) {
    checks.push(fail('nonce_match', 'nonce_invalid', nonceRefused.why, { claim: 'nonce', reason: nonceRefused.reason }));
    return checks;
  }
  const sent = state?.answer?.state === 'redeemed' ? (state.answer.data as StateData | null)?.nonce : undefined;
  if (sent !== undefined && sent !== nonce?.value) {
    checks.push(
      fail('nonce_match', 'nonce_invalid', 'the id_token echoes a nonce /login sent with another state: echo the nonce of this login', {
        claim: 'nonce',
        reason: 'not_one_of',
      }),
    );
  } else {
    checks.push(pass('nonce_match', 'nonce echoes the one /login sent with this state', { claim: 'nonce', reason: 'spent' }));
  }
  return checks;
}

/** The state (a request parameter) and the nonce (a claim) that /login issued, each redeemed once; the login lands where it started. */
export const freshworksOnce: OnceValues = {
  redeem: [
    { purpose: STATE_PURPOSE, from: { param: 'state' }, check: 'state' },
    { purpose: NONCE_PURPOSE, from: { claim: 'nonce' }, check: 'nonce_match' },
  ],
  judge,
  landing: ([state]) => (state?.answer?.state === 'redeemed' ? ((state.answer.data as StateData | null)?.returnTo ?? null) : null),
};
