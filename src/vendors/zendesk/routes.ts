import type { Next } from 'koa';
import { optionValue } from '../../config/setting';
import { ZENDESK_OPTIONS } from './options';
import { safeReturnPath } from '../../verify/return-to';
import { html, page, readSessionCookie, writeSessionCookie, type AppDeps, type ReceiverContext, type ReceiverRouter } from '../../http/vendor-kit';

/** The `brand_id` the stand-in's one brand has, unless the request names one (`/login?brand_id=`). */
export const DEFAULT_BRAND_ID = '1';
/** Zendesk's locale id of English, the `locale_id` sent unless the request names one. */
export const DEFAULT_LOCALE_ID = '1';

/** Paths under `/` that belong to other tenants or to the receiver (as in the consume route). */
const OTHER_THAN_DEFAULT_TENANT = ['/t/', '/_receiver'];

/** A numeric id from the query (`brand_id`, `locale_id`), or the default. */
function idParam(ctx: ReceiverContext, name: string, fallback: string): string {
  const values = new URLSearchParams(ctx.querystring).getAll(name);
  return values.length === 1 && /^\d{1,19}$/.test(values[0] as string) ? (values[0] as string) : fallback;
}

/**
 * The page a sign-in should come back to: the request's `return_to` under the consume route's
 * open-redirect rules (a path on this tenant, or a URL on a `returnToHosts` brand host), else home.
 */
function requestedReturn(ctx: ReceiverContext): string {
  const { tenant, basePath } = ctx.state;
  const values = new URLSearchParams(ctx.querystring).getAll('return_to');
  const value = values.length > 1 ? values : values[0];
  return safeReturnPath(value, tenant.profile.homePath, 'return_to', {
    notThisTenant: basePath === '' ? OTHER_THAN_DEFAULT_TENANT : [],
    allowedHosts: optionValue(tenant.options, ZENDESK_OPTIONS, 'returnToHosts'),
  }).path;
}

/** Zendesk's own sign-in form, which bypasses JWT SSO; the receiver has no passwords, so it only points at SSO. */
function normalSignInPage(vendor: string, tenantId: string, ssoLink: string): string {
  return page(
    `Sign in - ${vendor} (${tenantId})`,
    html`<h1>Sign in to ${vendor}</h1>
<p>This is the normal sign-in page (<code>/access/normal</code>), which bypasses JWT single sign-on, as on
Zendesk. The receiver keeps no passwords, so this form does nothing; tenant <code>${tenantId}</code>.</p>
<form class="box"><p><label>Email <input type="email" name="email" autocomplete="username" disabled></label></p>
<p><label>Password <input type="password" name="password" autocomplete="current-password" disabled></label></p>
<p><button type="submit" disabled>Sign in</button></p></form>
<p><a class="sso" href="${ssoLink}">Sign in with single sign-on</a></p>`,
  );
}

/**
 * Zendesk's pages beside the consume route and the shared portal: `/login`, which sends the browser
 * to the Remote Login URL with the parameters Zendesk adds (`return_to`, `brand_id`, `locale_id`,
 * `timestamp`); `/access/normal`, the non-SSO sign-in page; and `POST /logout`, which sends it to the
 * Remote Logout URL with `email`, `brand_id` and `return_to`. Without those URLs the portal answers.
 */
export function addZendeskRoutes(router: ReceiverRouter, deps: AppDeps): void {
  const { store, clock } = deps;

  router.get('/login', function redirectToRemoteLogin(ctx: ReceiverContext, next: Next) {
    const { tenant } = ctx.state;
    if (!tenant.remoteLoginUrl) return next();
    const target = new URL(tenant.remoteLoginUrl);
    target.searchParams.set('return_to', requestedReturn(ctx));
    target.searchParams.set('brand_id', idParam(ctx, 'brand_id', DEFAULT_BRAND_ID));
    target.searchParams.set('locale_id', idParam(ctx, 'locale_id', DEFAULT_LOCALE_ID));
    target.searchParams.set('timestamp', String(Math.floor(clock.nowMs() / 1000)));
    ctx.redirect(target.toString());
  });

  router.get('/access/normal', function showNormalSignIn(ctx: ReceiverContext) {
    const { tenant, basePath } = ctx.state;
    const returnTo = requestedReturn(ctx);
    const sso = `${basePath}/login${returnTo === tenant.profile.homePath ? '' : `?${new URLSearchParams({ return_to: returnTo })}`}`;
    ctx.type = 'html';
    ctx.body = normalSignInPage(tenant.profile.vendor, tenant.id, sso);
  });

  router.post('/logout', async function endSessionAtRemoteLogout(ctx: ReceiverContext, next: Next) {
    const { tenant, basePath } = ctx.state;
    if (!tenant.remoteLogoutUrl) return next();
    const id = readSessionCookie(ctx);
    const session = id ? await store.findSession(id, tenant.id, clock.nowMs()) : undefined;
    const user = session ? await store.user(session.userId) : undefined;
    if (id) await store.endSession(id);
    writeSessionCookie(ctx, null);
    const target = new URL(tenant.remoteLogoutUrl);
    if (user) target.searchParams.set('email', user.email);
    target.searchParams.set('brand_id', DEFAULT_BRAND_ID);
    // Absolute: the IdP sends the browser there after its own logout. (Not ctx.origin: in Koa 3 that is the Origin header.)
    target.searchParams.set('return_to', `${ctx.protocol}://${ctx.host}${basePath}${tenant.profile.homePath}`);
    ctx.status = 303;
    ctx.redirect(target.toString());
  });
}
