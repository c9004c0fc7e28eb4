import type { ReceiverRouter } from '../../http/vendor-kit';
import { html, page, takeFlash, type ReceiverContext } from '../../http/vendor-kit';

/**
 * `/login/normal`, Freshdesk's own sign-in page: where every SSO v2 failure lands, showing the
 * flash message the refusal left (once). The receiver keeps no passwords, so its form does nothing.
 */
export function addFreshdeskSsoV2Routes(router: ReceiverRouter): void {
  router.get('/login/normal', function showNormalLogin(ctx: ReceiverContext) {
    const { tenant, basePath } = ctx.state;
    const flash = takeFlash(ctx);
    ctx.type = 'html';
    ctx.body = page(
      `Log in - ${tenant.profile.vendor}`,
      html`<h1>Log in to the support portal</h1>
${flash ? html`<p class="flash" role="alert">${flash}</p>` : ''}
<p>This is Freshdesk's normal login page (<code>/login/normal</code>), where a failed JWT SSO v2 login lands.
The receiver keeps no passwords; the verdict of the last attempt is in the debugger.</p>
<p><a href="${basePath}/login">Log in with single sign-on</a></p>`,
    );
  });
}
