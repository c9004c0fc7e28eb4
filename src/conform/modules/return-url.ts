import type { Capture, Evidence, ModuleFactory, PlanHooks, RunContext } from '../types';
import type { Profile } from '../../verify/contract';
import { returnForms } from '../entry';
import { evidence, indexOf, outcome, skipped, unreached } from './support';

/** The parameter the login route and the consume route carry the landing page in, if the vendor has one. */
export function returnParamOf(contract: Profile, hooks: PlanHooks): string | null {
  return hooks.loginReturnParam ?? contract.consume.find((route) => route.returnParam)?.returnParam ?? null;
}

/**
 * Whether `requested` came back to the consume route: under some parameter, decoded, unchanged.
 * A value under the return parameter that differs was mangled on the way (not URL-encoded, `+`
 * read as a space, cut at `&` or `#`); none at all: the IdP dropped it.
 */
export function judgeReturn(ctx: RunContext, capture: Capture, name: string, dropped: Evidence['level'] = 'FAILURE'): Evidence {
  const at = indexOf(ctx.captures, capture);
  const requested = capture.requestedReturn ?? '';
  const params = capture.consume?.params ?? [];
  const forms = returnForms(ctx.tenantUrl, requested);
  const back = params.find(([, value]) => forms.includes(value));
  if (back) return evidence('SUCCESS', `${JSON.stringify(back[1])} came back unchanged`, at);
  const got = params.filter(([key]) => key === name).map(([, value]) => value);
  if (got.length > 0) {
    return evidence(
      'FAILURE',
      `${name} came back as ${JSON.stringify(got.join(' | '))}, not ${JSON.stringify(requested)}: encode it with encodeURIComponent (or URLSearchParams)`,
      at,
      {
        sent: requested,
        received: got,
        rawQuery: capture.consume?.rawQuery,
      },
    );
  }
  return evidence(dropped, `${JSON.stringify(requested)} did not come back: the consume request had no ${name} (the IdP dropped it)`, at, {
    sent: requested,
    params: params.map(([key]) => key),
  });
}

/** Landing pages that travel unharmed only when the IdP keeps the value: a plain path and a non-ASCII one. */
export const RETURN_VALUES = ['/tickets', '/kb/über-uns'];

export const returnUrl: ModuleFactory = (contract, hooks) => {
  const name = returnParamOf(contract, hooks);
  return {
    id: 'return-url',
    title: 'The landing page comes back to the consume route',
    rule: name ? `the IdP passes ${name} back beside the token, unchanged` : `${contract.vendor} has no return parameter`,
    source: contract.sources[0] ?? '',
    async run(ctx) {
      if (!name) return skipped(`${contract.vendor} has no return parameter`);
      if (ctx.driverKind === 'interactive') return skipped('interactive: the consume request is not seen');
      const items: Evidence[] = [];
      for (const value of RETURN_VALUES) {
        const capture = await ctx.login({ label: `return-url: ${value}`, requestedReturn: value });
        items.push(unreached(capture, indexOf(ctx.captures, capture)) ?? judgeReturn(ctx, capture, name));
      }
      const bad = items.filter((e) => e.level === 'FAILURE').length;
      return outcome(bad ? `${bad} of ${RETURN_VALUES.length} landing pages lost` : `${RETURN_VALUES.length} landing pages came back`, items);
    },
  };
};
