import {
  html,
  noRemoteLoginPage,
  sendPortalPage,
  signedInUser,
  type AppDeps,
  type ReceiverContext,
  type ReceiverRouter,
  type RoutedContext,
} from '../../http/vendor-kit';

/** The usersource the portal's sign-in links use: the admin guide's example `/login/authenticate/1`. */
export const DEFAULT_USERSOURCE_ID = '1';

/** The SSO entries of the usersource the portal links use, for the banner. */
export const DESKPRO_ENTRIES = [
  { label: 'sso entry', method: 'GET', path: `/login/authenticate/${DEFAULT_USERSOURCE_ID}`, note: 'to remoteLoginUrl with return=<the callback URL>' },
  { label: 'agent sso', method: 'GET', path: `/agent/login/authenticate/${DEFAULT_USERSOURCE_ID}`, note: "the agents' entry; their callback lands on /agent" },
] as const;

/**
 * `value` as a query value: percent-encoded except `/`, which a query may hold as it is, so the
 * callback reads `...?return=/new-ticket/` as in the admin guide.
 */
function queryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2F/gi, '/');
}

/**
 * `url` with `name=value` added to its query, with `?` or `&` as needed and before any fragment,
 * the rest of the URL untouched (the way jwt_login.php appends `jwt` to the `return` URL).
 */
export function appendQuery(url: string, name: string, value: string, encode: (v: string) => string = encodeURIComponent): string {
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const separator = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
  return `${base}${separator}${name}=${encode(value)}${fragment}`;
}

/**
 * Deskpro's own pages beside the consume callbacks and the shared portal: the SSO entry
 * `/login/authenticate/:usId` (and the agents' twin, inferred from the agent callback path), a
 * `/login` that starts it (SSO method "Automatic"), the agent area the agent callback lands on,
 * and `/new-ticket/`, the guide's example landing page.
 */
export function addDeskproRoutes(router: ReceiverRouter, deps: AppDeps): void {
  const currentUser = (ctx: ReceiverContext) => signedInUser(ctx, deps);

  /**
   * To the tenant's Remote Login URL with `return` set to this tenant's absolute callback URL (which
   * keeps the requested landing page); without a Remote Login URL, a page saying what to set.
   */
  function redirectToRemoteLogin(callbackPath: string, keepsReturn: boolean) {
    return function redirectToRemoteLogin(ctx: RoutedContext): void {
      const { tenant, basePath } = ctx.state;
      // Not ctx.origin: in Koa 3 that is the request's Origin header.
      let callback = `${ctx.protocol}://${ctx.host}${basePath}${callbackPath}/${encodeURIComponent(ctx.params.usId ?? DEFAULT_USERSOURCE_ID)}`;
      if (keepsReturn) {
        for (const landing of new URLSearchParams(ctx.querystring).getAll('return')) callback = appendQuery(callback, 'return', landing, queryValue);
      }
      if (tenant.remoteLoginUrl) return ctx.redirect(appendQuery(tenant.remoteLoginUrl, 'return', callback));
      ctx.type = 'html';
      ctx.body = noRemoteLoginPage(tenant.profile.vendor, appendQuery(callback, 'jwt', '<jwt>', String));
    };
  }

  router.get('/login/authenticate/:usId', redirectToRemoteLogin('/login/authenticate-callback', true));
  router.get('/agent/login/authenticate/:usId', redirectToRemoteLogin('/agent/login/authenticate-callback', false));

  router.get('/login', function startSingleSignOn(ctx: ReceiverContext) {
    let entry = `${ctx.state.basePath}/login/authenticate/${DEFAULT_USERSOURCE_ID}`;
    for (const landing of new URLSearchParams(ctx.querystring).getAll('return')) entry = appendQuery(entry, 'return', landing, queryValue);
    ctx.redirect(entry);
  });

  router.get('/agent', async function showAgentArea(ctx: ReceiverContext) {
    const { tenant, basePath } = ctx.state;
    const user = await currentUser(ctx);
    const body = user
      ? html`<p class="agent">Agent interface for <strong>${user.name ?? user.email}</strong>${user.externalId ? html` (your id <code>${user.externalId}</code>)` : ''}.</p>`
      : html`<p>Agents sign in at <a href="${basePath}/agent/login/authenticate/${DEFAULT_USERSOURCE_ID}">${basePath}/agent/login/authenticate/${DEFAULT_USERSOURCE_ID}</a>.</p>`;
    sendPortalPage(ctx, { vendor: tenant.profile.vendor, tenantId: tenant.id, basePath, title: 'Agent interface', user, body });
  });

  router.get('/new-ticket/', async function showNewTicket(ctx: ReceiverContext) {
    const { tenant, basePath } = ctx.state;
    sendPortalPage(ctx, { vendor: tenant.profile.vendor, tenantId: tenant.id, basePath, title: 'New ticket', user: await currentUser(ctx) });
  });
}
