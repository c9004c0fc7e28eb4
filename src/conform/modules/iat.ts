import type { Capture, Evidence, ModuleFactory, PlanHooks } from '../types';
import { checksOf, evidence, indexOf, outcome, skipped, unreached } from './support';

/** Seconds of IdP clock drift allowed beyond the vendor's stated lifetime before an exp counts as far. */
export const LIFETIME_SLACK_SECONDS = 30;

/** The exp against the lifetime the vendor's samples give a token: how long a token that leaks stays good. */
function lifetimeEvidence(rule: NonNullable<PlanHooks['tokenLifetime']>, capture: Capture, at: number): Evidence | null {
  const exp = capture.attempt?.claims?.exp;
  if (typeof exp !== 'number' || !capture.attempt) return null;
  const left = Math.round(exp - capture.attempt.at / 1000);
  const data = { check: 'token_lifetime', claim: 'exp', actual: left, limit: rule.seconds, unit: 's' };
  return left > rule.seconds + LIFETIME_SLACK_SECONDS
    ? evidence('FAILURE', `exp is ${left} s after the token arrived; ${rule.rule}: a token that leaks stays good that long`, at, data)
    : evidence('SUCCESS', `exp is ${left} s after the token arrived (at most ${rule.seconds} s)`, at, data);
}

/** Past this share of the vendor's window a token passes but leaves little room for a slow network or a drifting clock. */
export const WARN_SHARE = 0.5;

/**
 * The token's times against the receiver clock: FAILED when the vendor's window refuses it, WARNING
 * when it used more than half of the window on the way (or was minted in the future).
 */
export const iatFreshness: ModuleFactory = (contract, hooks) => ({
  id: 'iat-freshness',
  title: 'The token is fresh by the receiver clock',
  rule: hooks.tokenLifetime ? `${contract.windowDoc}; ${hooks.tokenLifetime.rule}` : contract.windowDoc,
  source: hooks.tokenLifetime ? `${contract.sources[0] ?? ''}; ${hooks.tokenLifetime.source}` : (contract.sources[0] ?? ''),
  async run(ctx) {
    const capture = await ctx.login({ label: 'iat-freshness' });
    const at = indexOf(ctx.captures, capture);
    const missed = unreached(capture, at);
    if (missed) return outcome('the login did not reach the receiver', [missed]);
    const checks = checksOf(capture, 'time');
    if (checks.length === 0)
      return skipped(
        capture.attempt?.accepted
          ? `${contract.vendor} judges no time in the token: ${contract.windowDoc}`
          : 'no time check ran: the claims did not pass their rules (see happy-path)',
      );
    const items = checks.map((check) => {
      const data = { check: check.name, claim: check.claim, actual: check.actual, limit: check.limit, unit: check.unit };
      if (check.status === 'fail') return evidence('FAILURE', `${check.name}: ${check.message}`, at, data);
      if (check.status === 'warn') return evidence('WARNING', `${check.name}: ${check.message}`, at, data);
      // exp - iat is the token's whole span, not a share of the window used on the way.
      const used =
        check.name !== 'lifetime' && typeof check.actual === 'number' && typeof check.limit === 'number' && check.limit > 0 ? check.actual / check.limit : null;
      if (used !== null && used > WARN_SHARE) {
        return evidence(
          'WARNING',
          `${check.name}: ${check.actual} ${check.unit ?? ''} of the ${check.limit} ${check.unit ?? ''} window used on arrival (more than ${WARN_SHARE * 100} %): mint the token just before the redirect, and check the IdP's clock`,
          at,
          data,
        );
      }
      return evidence('SUCCESS', `${check.name}: ${check.message}`, at, data);
    });
    const lifetime = hooks.tokenLifetime && lifetimeEvidence(hooks.tokenLifetime, capture, at);
    if (lifetime) items.push(lifetime);
    const failed = items.find((e) => e.level === 'FAILURE');
    return outcome(failed ? failed.message : 'the token arrived inside the window', items);
  },
});
