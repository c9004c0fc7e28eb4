import type Router from '@koa/router';
import type { Next } from 'koa';
import { optionValue } from '../../config/setting';
import { ZOHO_ASAP_OPTIONS } from './options';
import { ReceiverError } from '../../errors';
import { hostMatches } from '../../verify/whitelist';
import type { ReceiverContext } from '../../http/vendor-kit';

/**
 * CORS for Zoho ASAP's two routes. The web add-on runs on the customer's page, so in a browser the
 * exchange (`POST /asap/jwt`, a JSON body: preflighted) and `GET /asap/me` (an Authorization header:
 * preflighted) are cross-origin fetches from that page to the receiver. Without these answers the
 * browser flow would fail where Zoho's lets it through.
 *
 * Policy, decided here: Zoho runs the add-on only on "the domain entered on the setup page"
 * (vendors.md §3), so a tenant lists its add-on hosts in `addOnDomains` (exact or `*.domain`, any
 * scheme and port of those hosts). Unset, loopback hosts are allowed, so `npm start` and an IdP page
 * on localhost work with no setup; `[]` allows no browser origin. The receiver's own origin is always
 * allowed. No credentials: the access token travels in the Authorization header, never a cookie, so
 * `Access-Control-Allow-Credentials` is never sent and the origin is echoed, never `*`. A request
 * from a refused origin gets 403 `origin_not_allowed` before the token is read (a form POST needs no
 * preflight, so refusing only preflights would still let another site spend tokens). Requests with
 * no Origin (server to server, curl, the SDKs) are not CORS and pass untouched.
 */

/** The hosts a local IdP page is served from: RFC 6761 loopback names and addresses. */
export const LOOPBACK_HOSTS = ['localhost', '*.localhost', '127.0.0.1', '[::1]'] as const;

/** How long a browser may reuse a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = 600;

/** Response headers the add-on page may read: the receiver's code, and the bearer challenge of /asap/me. */
const EXPOSED = 'X-Receiver-Result, WWW-Authenticate';

type Judgement = { origin: string } | { refused: string } | null;

/** The request's Origin, if it may call this tenant; why not, if not; null when there is none. */
function judgeOrigin(ctx: ReceiverContext): Judgement {
  const origin = ctx.get('Origin');
  if (!origin) return null;
  ctx.vary('Origin');
  const listed = optionValue(ctx.state.tenant.options, ZOHO_ASAP_OPTIONS, 'addOnDomains');
  const hosts = listed ?? LOOPBACK_HOSTS;
  const allowedBy = listed
    ? `addOnDomains: ${listed.length > 0 ? listed.join(', ') : '(none)'}`
    : `addOnDomains unset: loopback hosts only (${LOOPBACK_HOSTS.join(', ')})`;
  let url: URL | null = null;
  try {
    url = new URL(origin);
  } catch {
    // an opaque origin ("null": a sandboxed frame, a file:// page) or garbage: refused below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) {
    return {
      refused: `the page's origin ${JSON.stringify(origin.slice(0, 100))} is not the origin of an http(s) page; the ASAP add-on runs on a web page (${allowedBy})`,
    };
  }
  // Not ctx.origin: in Koa 3 that is the Origin header.
  if (origin === `${ctx.protocol}://${ctx.host}`) return { origin };
  if (hostMatches(url.hostname.replace(/\.$/, ''), hosts)) return { origin };
  return {
    refused: `a page on ${origin} may not call this tenant's ASAP routes: Zoho runs the add-on only on the domain entered on its setup page (${allowedBy})`,
  };
}

function refuseOrigin(detail: string): never {
  throw new ReceiverError('origin_not_allowed', 'Forbidden', detail);
}

/** The actual request (not the preflight): the origin echoed when allowed, 403 when refused. */
async function allowAddOnOrigin(ctx: ReceiverContext, next: Next): Promise<void> {
  if (ctx.method === 'OPTIONS') return next(); // the preflight has its own answer
  const judged = judgeOrigin(ctx);
  if (judged && 'refused' in judged) return refuseOrigin(judged.refused);
  if (judged) {
    ctx.set('Access-Control-Allow-Origin', judged.origin);
    ctx.set('Access-Control-Expose-Headers', EXPOSED);
  }
  await next();
}

/**
 * `OPTIONS` on one route: a CORS preflight from an allowed origin gets 204 with the route's one
 * method and request header; from a refused origin, 403. An OPTIONS that is not a preflight is left
 * to the router (200 with Allow).
 */
function answerPreflight(method: 'GET' | 'POST', header: 'Authorization' | 'Content-Type') {
  return async function answerPreflight(ctx: ReceiverContext, next: Next): Promise<void> {
    if (!ctx.get('Access-Control-Request-Method')) return next();
    const judged = judgeOrigin(ctx);
    if (!judged) return next();
    if ('refused' in judged) return refuseOrigin(judged.refused);
    ctx.set('Access-Control-Allow-Origin', judged.origin);
    ctx.set('Access-Control-Allow-Methods', method);
    ctx.set('Access-Control-Allow-Headers', header);
    ctx.set('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE));
    // Chromium's Private Network Access preflight: an https page on the Internet calling a receiver on loopback.
    if (ctx.get('Access-Control-Request-Private-Network') === 'true') ctx.set('Access-Control-Allow-Private-Network', 'true');
    ctx.vary('Access-Control-Request-Method');
    ctx.vary('Access-Control-Request-Headers');
    ctx.status = 204;
  };
}

/**
 * Registered before the consume route, so the origin is judged before the token is read. The JSON
 * exchange needs `Content-Type`; /asap/me needs `Authorization`.
 */
export function addZohoAsapCors(router: Router): void {
  router.use(['/asap/jwt', '/asap/me'], allowAddOnOrigin);
  router.options('/asap/jwt', answerPreflight('POST', 'Content-Type'));
  router.options('/asap/me', answerPreflight('GET', 'Authorization'));
}
