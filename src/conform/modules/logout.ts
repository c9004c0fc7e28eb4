import type { Evidence, ModuleFactory } from '../types';
import { evidence, indexOf, outcome, skipped, unreached } from './support';

const sameEndpoint = (a: string, b: string): boolean => {
  const [x, y] = [new URL(a), new URL(b)];
  return x.origin === y.origin && x.pathname === y.pathname;
};

/** Signing out at the tenant reaches the IdP's logout URL with the vendor's parameters, and the IdP ends its session. */
export const logout: ModuleFactory = (contract, hooks) => ({
  id: 'logout',
  title: 'Logout reaches the remote logout URL and ends the IdP session',
  rule: `${contract.vendor} sends the browser to the Remote Logout URL${hooks.logoutParams?.length ? ` with ${hooks.logoutParams.join(', ')}` : ''} after its own logout`,
  source: contract.sources[0] ?? '',
  async run(ctx) {
    if (!ctx.logoutUrl) return skipped("no remote logout URL (--logout-url, or the tenant's remoteLogoutUrl)");
    if (ctx.driverKind === 'interactive') return skipped('interactive: the logout is not driven');
    const capture = await ctx.login({ label: 'logout: sign in first' });
    const missed = unreached(capture, indexOf(ctx.captures, capture));
    if (missed) return outcome('the login did not reach the receiver', [missed]);
    const trace = await ctx.logout();
    const items: Evidence[] = [];
    if (trace.error) items.push(evidence('FAILURE', `the logout did not complete: ${trace.error}`));
    const hop = trace.hops.find((h) => sameEndpoint(h.url, ctx.logoutUrl as string));
    if (!hop)
      return outcome('the browser never reached the logout URL', [
        ...items,
        evidence('FAILURE', 'no request reached the remote logout URL', undefined, { hops: trace.hops }),
      ]);
    const params = [...new URL(hop.url).searchParams.keys()];
    items.push(evidence('INFO', `reached ${new URL(hop.url).pathname} with ${params.length ? params.join(', ') : 'no parameters'}`, undefined, { params }));
    items.push(
      hop.status < 400
        ? evidence('SUCCESS', `the IdP's logout URL answered ${hop.status}`)
        : evidence('FAILURE', `the IdP's logout URL answered ${hop.status}`),
    );
    const [before, after] = [trace.idpCookiesBefore, trace.idpCookiesAfter];
    if (before.length === 0) items.push(evidence('INFO', 'the IdP set no cookie, so the end of its session cannot be seen'));
    else if (before.every((c) => after.includes(c)))
      items.push(
        evidence('FAILURE', `the IdP kept its session: its cookies (${before.map((c) => c.split('=')[0]).join(', ')}) are unchanged after its logout URL`),
      );
    else items.push(evidence('SUCCESS', 'the IdP cleared or replaced its session cookie'));
    return outcome(items.some((e) => e.level === 'FAILURE') ? 'the IdP did not end its session' : 'the IdP ended its session', items);
  },
});

/** A refused login that the vendor sends back to the IdP (its error redirect) finds a working page there. */
export const refusalHandling: ModuleFactory = (contract) => ({
  id: 'refusal-handling',
  title: "The IdP survives the vendor's error redirect",
  rule:
    contract.refusal === 'logout-redirect'
      ? `${contract.vendor} sends a refused login to the Remote Logout URL with kind=error and message`
      : `${contract.vendor} shows a refusal on its own page (nothing reaches the IdP)`,
  source: contract.sources[0] ?? '',
  async run(ctx) {
    if (contract.refusal !== 'logout-redirect') return skipped(`${contract.vendor} shows a refusal on its own page: nothing reaches the IdP`);
    if (!ctx.logoutUrl) return skipped('no remote logout URL, so the refusal stays at the receiver');
    if (ctx.driverKind === 'interactive') return skipped('interactive: the refusal is not driven');
    // A day ahead, every time window refuses the token: the vendor's error redirect follows.
    const capture = await ctx.withClockAhead(86_400_000, () => ctx.login({ label: 'refusal-handling: the receiver clock a day ahead' }));
    const at = indexOf(ctx.captures, capture);
    const missed = unreached(capture, at);
    if (missed) return outcome('the login did not reach the receiver', [missed]);
    if (capture.attempt?.accepted) return skipped('the receiver accepted the token even a day ahead (no time window)');
    const hop = capture.afterConsume.find((h) => new URL(h.url).pathname === new URL(ctx.logoutUrl as string).pathname);
    if (!hop)
      return outcome(
        'the refusal did not reach the IdP',
        [evidence('INFO', `the receiver answered ${capture.status}`, at, { afterConsume: capture.afterConsume })],
        'REVIEW',
      );
    const message = new URL(hop.url).searchParams.get('message');
    const item =
      hop.status < 500
        ? evidence('SUCCESS', `the IdP answered ${hop.status} to the error redirect (message: ${JSON.stringify(message)})`, at)
        : evidence('FAILURE', `the IdP answered ${hop.status} to the error redirect: it must show the vendor's message`, at, { message });
    return outcome(item.level === 'SUCCESS' ? 'the IdP showed the refusal' : 'the IdP failed on the refusal', [item]);
  },
});
