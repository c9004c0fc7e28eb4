import { URL_WARN_LENGTH } from '../../verify/transport';
import { consumeRouteOf } from '../consume-routes';
import type { Evidence, ModuleFactory } from '../types';
import { judgeReturn, returnParamOf } from './return-url';
import { evidence, indexOf, outcome, skipped, unreached } from './support';

/** A landing page with every character a hand-built URL gets wrong: `?`, `&`, `#`, a space, a `+`. */
export const TRANSPORT_RETURN = '/kb?q=a+b c&lang=fr#top';
/** Past this most servers answer 414 (8 KiB request lines). */
export const URL_FAIL_LENGTH = 8192;

/** How the token travelled: method, parameter name, URL-encoding of the values beside it, `+` versus space, the URL's length. */
export const transport: ModuleFactory = (contract, hooks) => {
  const methods = hooks.requiredMethods ?? [...new Set(contract.consume.flatMap((route) => route.methods))];
  const returnName = returnParamOf(contract, hooks);
  return {
    id: 'transport',
    title: 'The token travels by the right method and parameter, with every value URL-encoded',
    rule: `${methods.join(' or ')} ${contract.consume.map((route) => `${route.path} with ${route.tokenParam}`).join(', ')}; URL at most ${URL_FAIL_LENGTH} characters`,
    source: contract.sources.join('; '),
    async run(ctx) {
      if (ctx.driverKind === 'interactive') return skipped('interactive: the consume request is not seen');
      const capture = await ctx.login({ label: `transport: ${TRANSPORT_RETURN}`, ...(returnName ? { requestedReturn: TRANSPORT_RETURN } : {}) });
      const at = indexOf(ctx.captures, capture);
      const missed = unreached(capture, at);
      if (missed || !capture.consume) return outcome('the login did not reach the consume route', missed ? [missed] : []);
      const request = capture.consume;
      const tenantPath = new URL(ctx.tenantUrl).pathname.replace(/\/$/, '');
      const route = consumeRouteOf(contract, request.path.slice(tenantPath.length));
      const items: Evidence[] = [];
      items.push(
        methods.includes(request.method)
          ? evidence('SUCCESS', `${request.method} ${request.path}`, at)
          : evidence('FAILURE', `${request.method} ${request.path}: ${contract.vendor} needs ${methods.join(' or ')}`, at, { method: request.method }),
      );
      const expected = route?.tokenParam;
      if (request.tokenParams.length === 1 && request.tokenParams[0] === expected) items.push(evidence('SUCCESS', `the token in ${expected}`, at));
      else
        items.push(
          evidence(
            'FAILURE',
            `the token came in ${JSON.stringify(request.tokenParams)}; ${contract.vendor} reads exactly one ${expected ?? '(no consume route)'}`,
            at,
          ),
        );
      const raw = `${request.rawQuery}&${request.rawBody ?? ''}`;
      if (/[^\x21-\x7e]/.test(raw))
        items.push(
          evidence('FAILURE', 'a raw space or non-ASCII character in the request: the IdP did not URL-encode a value', at, { rawQuery: request.rawQuery }),
        );
      if (request.urlLength > URL_FAIL_LENGTH)
        items.push(evidence('FAILURE', `the URL is ${request.urlLength} characters; servers refuse past ${URL_FAIL_LENGTH}`, at));
      else if (request.urlLength > URL_WARN_LENGTH)
        items.push(evidence('WARNING', `the URL is ${request.urlLength} characters; some proxies cut past ${URL_WARN_LENGTH}`, at));
      else items.push(evidence('INFO', `URL length ${request.urlLength} characters`, at));
      // A value dropped altogether is return-url's finding; this module judges how a value that came travelled.
      if (returnName) items.push(judgeReturn(ctx, capture, returnName, 'INFO'));
      const bad = items.filter((e) => e.level === 'FAILURE');
      return outcome(bad.length ? (bad[0] as Evidence).message : `${request.method} with the token in ${expected}, values encoded`, items);
    },
  };
};
