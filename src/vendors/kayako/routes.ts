import type { ReceiverRouter } from '../../http/vendor-kit';
import { noRemoteLoginPage, type ReceiverContext } from '../../http/vendor-kit';
import { kayako } from './contract';
import { returnto } from './returnto';

/**
 * Kayako's `/login`: to the Remote Login URL with `returnto`, the absolute `/Base/SSO/JWT/` URL of
 * this tenant holding `type=customer` and the page asked for in `action` (`/login?action=/tickets`),
 * as Kayako sends it; the IdP appends `&jwt=<token>`. Without a Remote Login URL, a page saying
 * what to set.
 */
export function addKayakoRoutes(router: ReceiverRouter): void {
  router.get('/login', function redirectWithReturnto(ctx: ReceiverContext) {
    const { tenant, basePath } = ctx.state;
    const [action] = new URLSearchParams(ctx.querystring).getAll('action');
    // Not ctx.origin: in Koa 3 that is the request's Origin header.
    const target = returnto(`${ctx.protocol}://${ctx.host}${basePath}${kayako.consume[0].path}`, action ?? tenant.profile.homePath);
    if (tenant.remoteLoginUrl) {
      const login = new URL(tenant.remoteLoginUrl);
      login.searchParams.set('returnto', target);
      return ctx.redirect(login.toString());
    }
    ctx.type = 'html';
    ctx.body = noRemoteLoginPage(tenant.profile.vendor, `${target}&jwt=<jwt>`);
  });
}
