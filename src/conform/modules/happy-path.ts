import type { Evidence, ModuleFactory } from '../types';
import { checksOf, evidence, indexOf, outcome, unreached } from './support';

const LEVEL: Record<string, Evidence['level']> = { fail: 'FAILURE', warn: 'WARNING', skip: 'INFO', pass: 'SUCCESS' };

/**
 * One login as the default user: the token's format, header, algorithm, signature and every claim
 * rule (types, units) pass. Time window, replay and return page are other modules' checks.
 */
export const happyPath: ModuleFactory = (contract) => ({
  id: 'happy-path',
  title: 'A login is accepted: header, algorithm, signature, claims with their types and units',
  rule: `${contract.algorithms.join('/')} signature; claims ${contract.claims
    .filter((c) => c.presence === 'required')
    .map((c) => `${c.name} (${c.kind})`)
    .join(', ')} required`,
  source: contract.sources.join('; '),
  async run(ctx) {
    const capture = await ctx.login({ label: 'happy-path' });
    const at = indexOf(ctx.captures, capture);
    const missed = unreached(capture, at);
    if (missed) return outcome('the login did not reach the receiver', [missed]);
    const items = checksOf(capture, 'token').map((check) =>
      evidence(LEVEL[check.status] ?? 'INFO', `${check.name}: ${check.message}`, at, {
        check: check.name,
        ...(check.code ? { code: check.code } : {}),
        ...(check.finding ? { finding: check.finding } : {}),
      }),
    );
    const failed = items.filter((e) => e.level === 'FAILURE').length;
    return outcome(failed ? `${failed} rule(s) of the token failed` : `the token passes ${contract.vendor}'s rules`, items);
  },
});
