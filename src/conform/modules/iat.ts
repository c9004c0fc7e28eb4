import type { ModuleFactory } from '../types';
import { checksOf, evidence, indexOf, outcome, skipped, unreached } from './support';

/** Past this share of the vendor's window a token passes but leaves little room for a slow network or a drifting clock. */
export const WARN_SHARE = 0.5;

/**
 * The token's times against the receiver clock: FAILED when the vendor's window refuses it, WARNING
 * when it used more than half of the window on the way (or was minted in the future).
 */
export const iatFreshness: ModuleFactory = (contract) => ({
  id: 'iat-freshness',
  title: 'The token is fresh by the receiver clock',
  rule: contract.windowDoc,
  source: contract.sources[0] ?? '',
  async run(ctx) {
    const capture = await ctx.login({ label: 'iat-freshness' });
    const at = indexOf(ctx.captures, capture);
    const missed = unreached(capture, at);
    if (missed) return outcome('the login did not reach the receiver', [missed]);
    const checks = checksOf(capture, 'time');
    if (checks.length === 0) return skipped('no time check ran: the claims did not pass their rules (see happy-path)');
    const items = checks.map((check) => {
      const data = { check: check.name, claim: check.claim, actual: check.actual, limit: check.limit, unit: check.unit };
      if (check.status === 'fail') return evidence('FAILURE', `${check.name}: ${check.message}`, at, data);
      if (check.status === 'warn') return evidence('WARNING', `${check.name}: ${check.message}`, at, data);
      const used = typeof check.actual === 'number' && typeof check.limit === 'number' && check.limit > 0 ? check.actual / check.limit : null;
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
    const failed = items.find((e) => e.level === 'FAILURE');
    return outcome(failed ? failed.message : 'the token arrived inside the window', items);
  },
});
