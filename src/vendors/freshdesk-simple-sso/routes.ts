import type { Next } from 'koa';
import { readSessionCookie, writeSessionCookie, type AppDeps, type ReceiverContext, type ReceiverRouter } from '../../http/vendor-kit';

/** The configured URL with `host_url=<helpdesk host>` added, as generate_sso_url does (`?` or `&`). */
function withHostUrl(url: string, host: string): string {
  const target = new URL(url);
  target.searchParams.append('host_url', host);
  return target.toString();
}

/**
 * Freshdesk's redirects around simple SSO: `/login` sends the browser to the remote login URL and
 * sign-out to the remote logout URL, each with `host_url` (the helpdesk's host). Without those URLs
 * the shared portal answers.
 */
export function addFreshdeskSimpleSsoRoutes(router: ReceiverRouter, deps: AppDeps): void {
  router.get('/login', function redirectToRemoteLogin(ctx: ReceiverContext, next: Next) {
    const { tenant } = ctx.state;
    if (!tenant.remoteLoginUrl) return next();
    ctx.redirect(withHostUrl(tenant.remoteLoginUrl, ctx.host));
  });

  router.post('/logout', async function endSessionAtRemoteLogout(ctx: ReceiverContext, next: Next) {
    const { tenant } = ctx.state;
    if (!tenant.remoteLogoutUrl) return next();
    const id = readSessionCookie(ctx);
    if (id) await deps.store.endSession(id);
    writeSessionCookie(ctx, null);
    ctx.status = 303;
    ctx.redirect(withHostUrl(tenant.remoteLogoutUrl, ctx.host));
  });
}
