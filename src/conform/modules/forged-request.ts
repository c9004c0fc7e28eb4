import type { ModuleFactory } from '../types';
import { evidence, indexOf, outcome, skipped } from './support';

/**
 * A login the receiver starts carries what the IdP must check before it answers (DiscourseConnect's
 * `sig`, an OpenID `redirect_uri`): with that parameter altered, the IdP must refuse, or anyone could
 * have it send a signed-in user's details where they choose.
 */
export const forgedRequest: ModuleFactory = (contract, hooks) => {
  const forged = hooks.forgedRequest;
  return {
    id: 'forged-request',
    title: 'The IdP refuses a login request the helpdesk did not make',
    rule: forged?.rule ?? `${contract.vendor} sends the IdP nothing it must verify`,
    source: forged?.source ?? contract.sources[0] ?? '',
    async run(ctx) {
      if (!forged) return skipped(`${contract.vendor} sends the IdP nothing it must verify (no signed request, no redirect URI)`);
      if (ctx.driverKind === 'interactive') return skipped('interactive: the forged request is not driven');
      let sent: string | null = null;
      const capture = await ctx.login({
        label: `forged-request: ${forged.param} altered`,
        forge(url) {
          sent = url.searchParams.get(forged.param);
          if (sent !== null) url.searchParams.set(forged.param, forged.forge(sent));
        },
      });
      const at = indexOf(ctx.captures, capture);
      if (sent === null) return skipped(`the request to the IdP carried no ${forged.param} to alter`);
      if (capture.consume || capture.attempt)
        return outcome('the IdP answered a forged request', [
          evidence(
            'FAILURE',
            `with ${forged.param} altered the IdP still sent the user back (${capture.consume?.path ?? 'the consume route'}): it must check ${forged.param} and refuse`,
            at,
            { accepted: capture.attempt?.accepted ?? null },
          ),
        ]);
      return outcome('the IdP refused the forged request', [
        evidence('SUCCESS', `with ${forged.param} altered the login stopped at the IdP (${capture.error ?? 'no answer'})`, at),
      ]);
    },
  };
};
