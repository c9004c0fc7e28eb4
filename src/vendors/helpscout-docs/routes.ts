import type { ReceiverRouter } from '../../http/vendor-kit';
import { noRemoteLoginPage, type ReceiverContext } from '../../http/vendor-kit';

/**
 * The restricted site's sign-in: Help Scout sends the visitor to the IdP's sign-in URL with
 * `returnTo`, the path asked for on the Docs site (`/login?returnTo=/article/1` here; `/` when none).
 */
export function addHelpscoutDocsRoutes(router: ReceiverRouter): void {
  router.get('/login', function redirectToSignIn(ctx: ReceiverContext) {
    const { tenant, basePath } = ctx.state;
    const [asked] = new URLSearchParams(ctx.querystring).getAll('returnTo');
    const returnTo = asked?.startsWith('/') && !asked.startsWith('//') ? asked : '/';
    if (tenant.remoteLoginUrl) {
      const target = new URL(tenant.remoteLoginUrl);
      target.searchParams.set('returnTo', returnTo);
      return ctx.redirect(target.toString());
    }
    // Not ctx.origin: in Koa 3 that is the request's Origin header.
    const callback = `${ctx.protocol}://${ctx.host}${basePath}${tenant.profile.consume[0].path}`;
    ctx.type = 'html';
    ctx.body = noRemoteLoginPage(tenant.profile.vendor, `${callback}?token=<jwt>&returnTo=${encodeURIComponent(returnTo)}`);
  });
}
