import Router from '@koa/router';
import { allowSignOutRedirect } from './middleware/guards';
import { html } from './pages/html';
import { confirmLogoutPage, noRemoteLoginPage, portalPage, type PortalView } from './pages/portal';
import { readSessionCookie, signedInUser, writeSessionCookie } from './middleware/session-cookie';
import type { AppDeps, ReceiverContext } from './state';
import { consumeQuery } from '../verify/contract';

/** A portal page; when someone is signed in it carries the sign-out form, so its CSP lets that form reach the Remote Logout URL. */
export function sendPortalPage(ctx: ReceiverContext, view: PortalView): void {
  if (view.user) allowSignOutRedirect(ctx);
  ctx.type = 'html';
  ctx.body = portalPage(view);
}

const PAGES: Record<string, string> = { '/home': 'Home', '/tickets': 'Tickets', '/kb': 'Knowledge base' };

/** The help center pages every profile shares: home, tickets, kb, login, logout. */
export function addPortalRoutes(router: Router, deps: AppDeps): void {
  const { store } = deps;

  const currentUser = (ctx: ReceiverContext) => signedInUser(ctx, deps);

  function showPage(title: string) {
    return async function showPage(ctx: ReceiverContext): Promise<void> {
      const { tenant, basePath } = ctx.state;
      const user = await currentUser(ctx);
      const body = title === 'Tickets' && user ? html`<p>No tickets yet for ${user.email}.</p>` : undefined;
      sendPortalPage(ctx, { vendor: tenant.profile.vendor, tenantId: tenant.id, basePath, title, user, body });
    };
  }

  for (const [path, title] of Object.entries(PAGES)) router.get(path, showPage(title));

  router.get('/', function redirectHome(ctx: ReceiverContext) {
    ctx.redirect(`${ctx.state.basePath}${ctx.state.tenant.profile.homePath}`);
  });

  router.get('/login', function redirectToRemoteLogin(ctx: ReceiverContext) {
    const { tenant, basePath } = ctx.state;
    if (tenant.remoteLoginUrl) return ctx.redirect(tenant.remoteLoginUrl);
    const [route] = tenant.profile.consume;
    const consume = `${ctx.protocol}://${ctx.host}${basePath}${route.path}?${consumeQuery(tenant.profile, route)}`; // not ctx.origin: in Koa 3 that is the Origin header
    ctx.type = 'html';
    ctx.body = noRemoteLoginPage(tenant.profile.vendor, consume);
  });

  router.get('/logout', function confirmLogout(ctx: ReceiverContext) {
    allowSignOutRedirect(ctx);
    ctx.type = 'html';
    ctx.body = confirmLogoutPage(ctx.state.tenant.profile.vendor, ctx.state.basePath);
  });

  router.post('/logout', async function endSession(ctx: ReceiverContext) {
    const { tenant, basePath } = ctx.state;
    const id = readSessionCookie(ctx);
    if (id) await store.endSession(id); // refused by the database: 503 store_unavailable, the cookie kept
    writeSessionCookie(ctx, null);
    ctx.status = 303;
    ctx.redirect(tenant.remoteLogoutUrl ?? `${basePath}${tenant.profile.homePath}`);
  });
}
