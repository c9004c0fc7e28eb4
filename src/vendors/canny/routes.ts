import type { ReceiverRouter } from '../../http/vendor-kit';
import { noRemoteLoginPage, type ReceiverContext } from '../../http/vendor-kit';

/**
 * Canny's sign-in: to the SSO Redirect URL with `companyID` (this tenant's id stands for the
 * company) and `redirect`, the absolute URL of the page asked for (`/login?redirect=/board`); the IdP
 * sends the browser to `/api/redirects/sso?companyID=&ssoToken=&redirect=`, echoing both back.
 */
export function addCannyRoutes(router: ReceiverRouter): void {
  router.get('/login', function redirectToSsoRedirectUrl(ctx: ReceiverContext) {
    const { tenant, basePath } = ctx.state;
    const [page] = new URLSearchParams(ctx.querystring).getAll('redirect');
    const landing = page?.startsWith('/') && !page.startsWith('//') ? page : tenant.profile.homePath;
    // Not ctx.origin: in Koa 3 that is the request's Origin header.
    const redirect = `${ctx.protocol}://${ctx.host}${basePath}${landing}`;
    if (tenant.remoteLoginUrl) {
      const target = new URL(tenant.remoteLoginUrl);
      target.searchParams.set('companyID', tenant.id);
      target.searchParams.set('redirect', redirect);
      return ctx.redirect(target.toString());
    }
    const consume = `${ctx.protocol}://${ctx.host}${basePath}${tenant.profile.consume[0].path}`;
    ctx.type = 'html';
    ctx.body = noRemoteLoginPage(tenant.profile.vendor, `${consume}?${new URLSearchParams({ companyID: tenant.id, ssoToken: '<jwt>', redirect })}`);
  });
}
