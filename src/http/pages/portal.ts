import type { UserRow } from '../../store';
import { html, page, type SafeHtml } from './html';

export interface PortalView {
  vendor: string;
  tenantId: string;
  basePath: string;
  title: string;
  user: UserRow | undefined;
  body?: SafeHtml;
}

/** A stand-in help center page: who is signed in (every claim-derived value escaped), or how to sign in. */
export function portalPage(view: PortalView): string {
  const link = (path: string) => `${view.basePath}${path}`;
  const who = view.user
    ? html`<p>Signed in as <strong class="user-name">${view.user.name ?? view.user.email}</strong> &lt;<span class="user-email">${view.user.email}</span>&gt;
 (login #${view.user.loginCount}).</p><form method="post" action="${link('/logout')}"><button type="submit">Sign out</button></form>`
    : html`<p>Not signed in. <a href="${link('/login')}">Sign in</a> through the identity provider.</p>`;
  return page(
    `${view.title} - ${view.vendor} (${view.tenantId})`,
    html`<nav><a href="${link('/home')}">Home</a><a href="${link('/tickets')}">Tickets</a><a href="${link('/kb')}">Knowledge base</a></nav>
<h1>${view.title}</h1><p>${view.vendor} support center stand-in, tenant <code>${view.tenantId}</code>.</p>
<div class="box">${who}</div>${view.body}`,
  );
}

export function confirmLogoutPage(vendor: string, basePath: string): string {
  return page(`Sign out - ${vendor}`, html`<h1>Sign out?</h1><form method="post" action="${basePath}/logout"><button type="submit">Sign out</button></form>`);
}

export function noRemoteLoginPage(vendor: string, consumeUrl: string): string {
  return page(
    `Sign in - ${vendor}`,
    html`<h1>No remote login URL configured</h1><p>The real ${vendor} would send the browser to the tenant's Remote Login URL here.
Set <code>remoteLoginUrl</code> for this tenant, or have your identity provider redirect to <code>${consumeUrl}</code>.</p>`,
  );
}
