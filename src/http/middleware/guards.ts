import type { Next } from 'koa';
import { ReceiverError } from '../../errors';
import { PAGE_CSP, pageCsp } from '../pages/html';
import type { ReceiverContext } from '../state';

/**
 * Headers every response carries, errors included: most URLs here carry a token in the query, so
 * nothing is cached or leaked by Referer, and no page (they show attacker-chosen claim values,
 * escaped) may run a script.
 */
export async function securityHeaders(ctx: ReceiverContext, next: Next): Promise<void> {
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('Content-Security-Policy', PAGE_CSP);
  await next();
}

/**
 * For a page that carries the sign-out form: its POST /logout answers 303 to the tenant's Remote
 * Logout URL, and Chromium applies the page's form-action to that redirect, so `'self'` alone kept
 * the browser on the page although the session had ended. Exactly the origin of that URL is added
 * (a URL object's origin: scheme, host, port; never a path, wildcard or bare scheme), and only on
 * these pages; every other header stays as securityHeaders set it. (Should the IdP's logout
 * answer redirect on to a third origin, Chromium checks that hop too and stops it: the cost of
 * listing nothing wider.)
 */
export function allowSignOutRedirect(ctx: ReceiverContext): void {
  const target = ctx.state.tenant.remoteLogoutUrl;
  if (target) ctx.set('Content-Security-Policy', pageCsp([new URL(target).origin]));
}

/** A URL over the limit is refused before anything parses its query string. */
export function limitUrlLength(maxUrlBytes: number) {
  return async function limitUrlLength(ctx: ReceiverContext, next: Next): Promise<void> {
    if (Buffer.byteLength(ctx.url) > maxUrlBytes) {
      throw new ReceiverError(
        'request_too_large',
        'Request-URI Too Long',
        `the URL is ${Buffer.byteLength(ctx.url)} bytes; the receiver reads at most ${maxUrlBytes} (server.maxUrlBytes)`,
        { status: 414 },
      );
    }
    await next();
  };
}
