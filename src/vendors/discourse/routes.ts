import type { Next } from 'koa';
import { bindThisBrowser, issueOnceValue, type AppDeps, type ReceiverContext, type ReceiverRouter } from '../../http/vendor-kit';
import { NONCE_PURPOSE, USED_NONCE_MEMORY_MS, csrfProtection, nonceLifetimeMs, type NonceData } from './nonce';
import { signPayload } from './payload';

/**
 * SessionController#sso: a fresh nonce (SecureRandom.hex) registered with the page to return to
 * (in this browser's session with discourseCsrfProtection, Discourse's default),
 * then a redirect to the DiscourseConnect URL (the tenant's remoteLoginUrl) with
 * `sso=<base64 of nonce=&return_sso_url=>&sig=<hex HMAC-SHA256>` (DiscourseConnectBase#to_url).
 * The store keeps the nonce its lifetime plus the 24 h a used nonce is remembered; the consume
 * route judges the lifetime from when it was issued.
 */
export function addDiscourseRoutes(router: ReceiverRouter, deps: AppDeps): void {
  async function startDiscourseConnect(ctx: ReceiverContext, next: Next): Promise<void> {
    const { tenant, basePath } = ctx.state;
    if (!tenant.remoteLoginUrl) return next();
    const given = new URLSearchParams(ctx.querystring).get('return_path');
    const data: NonceData = { returnPath: given && given.startsWith('/') ? given : tenant.profile.homePath };
    // discourse_connect_csrf_protection: register_nonce keeps it in this browser's server session.
    const browser = csrfProtection(tenant.options) ? bindThisBrowser(ctx) : undefined;
    const nonce = await issueOnceValue(deps, tenant.id, NONCE_PURPOSE, nonceLifetimeMs(tenant.options) + USED_NONCE_MEMORY_MS, data, browser);
    // Not ctx.origin: in Koa 3 that is the request's Origin header.
    const returnSsoUrl = `${ctx.protocol}://${ctx.host}${basePath}/session/sso_login`;
    const sso = Buffer.from(new URLSearchParams({ nonce, return_sso_url: returnSsoUrl }).toString(), 'utf8').toString('base64');
    const base = tenant.remoteLoginUrl;
    ctx.redirect(`${base}${base.includes('?') ? '&' : '?'}${new URLSearchParams({ sso, sig: signPayload(tenant.secrets[0] as string, sso) })}`);
  }

  router.get('/session/sso', startDiscourseConnect);
  // Discourse's own login page goes straight to /session/sso when DiscourseConnect is on.
  router.get('/login', startDiscourseConnect);
}

export const DISCOURSE_ENTRIES = [
  { label: 'start', method: 'GET', path: '/session/sso', note: 'issues a nonce and redirects to remoteLoginUrl with sso= and sig=' },
] as const;
