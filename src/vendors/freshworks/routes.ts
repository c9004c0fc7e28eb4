import type { Next } from 'koa';
import { optionValue } from '../../config/setting';
import { issueOnceValue, type AppDeps, type ReceiverContext, type ReceiverRouter } from '../../http/vendor-kit';
import { NONCE_PURPOSE, STATE_PURPOSE, stateLifetimeMs, type StateData } from './once';
import { FRESHWORKS_OPTIONS } from './options';

/** The SSO configuration id in Freshworks' redirect_uri (`/sp/OIDC/<id>/implicit`); the receiver has one. */
export const SSO_CONFIG_ID = '1';

/**
 * Freshworks' start of the login: a state and a nonce, kept in the store, then the IdP's
 * authorization URL (the tenant's remoteLoginUrl) with response_type=id_token, client_id,
 * scope=openid email profile, state, redirect_uri and nonce ("Basics of JWT").
 */
export function addFreshworksRoutes(router: ReceiverRouter, deps: AppDeps): void {
  router.get('/login', async function redirectToAuthorization(ctx: ReceiverContext, next: Next) {
    const { tenant, basePath } = ctx.state;
    if (!tenant.remoteLoginUrl) return next();
    const lifetime = stateLifetimeMs(tenant.options);
    const given = new URLSearchParams(ctx.querystring).get('redirect_to');
    const returnTo = given && given.startsWith('/') ? given : tenant.profile.homePath;
    const nonce = await issueOnceValue(deps, tenant.id, NONCE_PURPOSE, lifetime);
    const state = await issueOnceValue(deps, tenant.id, STATE_PURPOSE, lifetime, { nonce, returnTo } satisfies StateData);
    const target = new URL(tenant.remoteLoginUrl);
    target.searchParams.set('response_type', 'id_token');
    target.searchParams.set('client_id', optionValue(tenant.options, FRESHWORKS_OPTIONS, 'freshworksClientId'));
    target.searchParams.set('scope', 'openid email profile');
    target.searchParams.set('state', state);
    // Not ctx.origin: in Koa 3 that is the request's Origin header.
    target.searchParams.set('redirect_uri', `${ctx.protocol}://${ctx.host}${basePath}/sp/OIDC/${SSO_CONFIG_ID}/implicit`);
    target.searchParams.set('nonce', nonce);
    ctx.redirect(target.toString());
  });
}
