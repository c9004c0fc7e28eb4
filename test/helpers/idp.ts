/**
 * The identity provider the browser round trips talk to: one small HTTP server on 127.0.0.1, seen by
 * the browser as `http://idp.test:<port>` (another site than the receiver at 127.0.0.1), with a
 * login page and a logout page per tenant, the way a customer's IdP serves the vendor's Remote Login
 * and Remote Logout URLs. It mints real tokens with jose at the real time: HS256, iat now, a fresh
 * jti, the claims each vendor documents. Every request it gets is kept, so a test can assert exactly
 * which parameters the receiver sent.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT } from 'jose';
import { escapeHtml } from '../../src/http/pages/html';
import { appendQuery } from '../../src/vendors/deskpro/routes';
import { SECRET } from './receiver';
import { serve } from './chromium';

export const IDP_HOST = 'idp.test';

/** One sign-on's user, unique per test run so a stale session can never pass for a new one. */
export interface IdpUser {
  email: string;
  firstName: string;
  lastName: string;
}

const sign = (claims: Record<string, unknown>): Promise<string> =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(Buffer.from(SECRET, 'utf8'));

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The payload each vendor documents, minted now (`iatOffsetSeconds` moves iat, for a refused token). */
export function claimsFor(tenant: string, user: IdpUser, iatOffsetSeconds = 0): Record<string, unknown> {
  const iat = nowSeconds() + iatOffsetSeconds;
  const name = `${user.firstName} ${user.lastName}`;
  switch (tenant) {
    case 'happyfox': // KB 291: iat, jti, email, name
    case 'zendesk': // the attribute table: iat, jti, email, name
      return { iat, jti: randomUUID(), email: user.email, name };
    case 'mojo': // iat, email, first_name, last_name; no jti
      return { iat, email: user.email, first_name: user.firstName, last_name: user.lastName };
    case 'deskpro': // deskpro-jwt-example's jwt_login.php
      return { jti: randomUUID(), iat, exp: iat + 300, id: 42, email: user.email, name };
    case 'zoho': // the ASAP Java sample: not_before now, not_after now + 300000 ms
      return {
        email: user.email,
        email_verified: true,
        not_before: Date.now(),
        not_after: Date.now() + 300_000,
        first_name: user.firstName,
        last_name: user.lastName,
      };
    default:
      throw new Error(`the test IdP has no token for tenant ${tenant}`);
  }
}

export interface TestIdp {
  /** `http://idp.test:<port>`: the IdP as the browser sees it. */
  url: string;
  /** The same server under another name, for pages on an origin a tenant does not list. */
  urlAs(host: string): string;
  /** Every request the IdP got, in order. */
  visits: URL[];
  /** The last request to `path`, or an error naming what the IdP did get. */
  lastVisit(path: string): URL;
  /** Who signs in next; the receiver's base URL; how far to move the next token's iat. */
  user: IdpUser;
  receiverUrl: string;
  iatOffsetSeconds: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

/** Starts the IdP; set `receiverUrl` once the receiver (whose config needs the IdP's URLs) is up. */
export async function startIdp(): Promise<TestIdp> {
  const idp = { visits: [] as URL[], user: { email: '', firstName: 'Pat', lastName: 'Lee' }, receiverUrl: '', iatOffsetSeconds: 0 } as TestIdp;

  /** The receiver's tenant base URL. */
  const tenantUrl = (tenant: string) => `${idp.receiverUrl}/t/${tenant}`;

  async function login(tenant: string, query: URLSearchParams, res: ServerResponse): Promise<void> {
    const token = await sign(claimsFor(tenant, idp.user, idp.iatOffsetSeconds));
    switch (tenant) {
      case 'happyfox': // HappyFox adds nothing to the Remote Login URL: the IdP picks the page
        return send(res, 302, '', { Location: `${tenantUrl(tenant)}/jwt/?${new URLSearchParams({ token, return_to: '/tickets' })}` });
      case 'mojo':
        return send(res, 302, '', { Location: `${tenantUrl(tenant)}/jwt/consume?${new URLSearchParams({ token })}` });
      case 'deskpro': // jwt_login.php: back to the `return` URL Deskpro sent, with jwt appended
        return send(res, 302, '', { Location: appendQuery(query.get('return') ?? '', 'jwt', token) });
      case 'zendesk': {
        // Zendesk's recommended way: a form POSTed by the browser (fetch would be stopped by CORS).
        const returnTo = query.get('return_to') ?? '';
        return send(
          res,
          200,
          `<!doctype html><html><head><title>IdP: signing in</title></head><body>
<form method="post" action="${escapeHtml(`${tenantUrl(tenant)}/access/jwt`)}">
<input type="hidden" name="jwt" value="${escapeHtml(token)}"><input type="hidden" name="return_to" value="${escapeHtml(returnTo)}">
<noscript><button type="submit">Continue</button></noscript></form>
<script>document.forms[0].submit();</script></body></html>`,
        );
      }
      default:
        return send(res, 404, 'no such tenant');
    }
  }

  /**
   * The Zoho ASAP add-on's host page: it fetches a JWT from its own server, exchanges it at the
   * receiver, reads the user with the access token, and shows the email (or what failed).
   */
  function asapPage(tenant: string): string {
    const base = JSON.stringify(tenantUrl(tenant));
    return `<!doctype html><html><head><title>Customer page with the ASAP add-on</title></head><body>
<p id="user" data-state="working">signing in</p>
<script>
(async () => {
  const out = document.getElementById('user');
  try {
    const { jwt } = await (await fetch('/zoho/token')).json();
    const exchanged = await fetch(${base} + '/asap/jwt', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jwt }) });
    const { access_token } = await exchanged.json();
    const me = await fetch(${base} + '/asap/me', { headers: { Authorization: 'Bearer ' + access_token } });
    const user = await me.json();
    out.textContent = user.email;
    out.dataset.state = 'signed-in';
  } catch (err) {
    out.textContent = 'failed: ' + err.message;
    out.dataset.state = 'failed';
  }
})();
</script></body></html>`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    idp.visits.push(url);
    const [, tenant, action] = url.pathname.split('/');
    if (action === 'login') return login(tenant as string, url.searchParams, res);
    if (action === 'logout') return send(res, 200, '<!doctype html><title>IdP: signed out</title><h1 id="idp-signed-out">Signed out at the IdP</h1>');
    if (tenant === 'zoho' && action === 'token') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return void res.end(JSON.stringify({ jwt: await sign(claimsFor('zoho', idp.user)) }));
    }
    if (tenant === 'zoho' && action === 'page') return send(res, 200, asapPage(url.searchParams.get('tenant') ?? 'zoho'));
    if (url.pathname === '/favicon.ico') return send(res, 204, '');
    send(res, 404, 'not found');
  }

  const server = await serve(handle);
  const port = new URL(server.url).port;
  idp.urlAs = (host: string) => `http://${host}:${port}`;
  idp.url = idp.urlAs(IDP_HOST);
  idp.close = server.close;
  idp.lastVisit = (path: string) => {
    const visit = idp.visits.filter((v) => v.pathname === path).at(-1);
    if (!visit) throw new Error(`the IdP got no request for ${path}; it got ${idp.visits.map((v) => v.pathname).join(', ') || 'none'}`);
    return visit;
  };
  return idp;
}

/** A user no earlier test has signed in. */
export const newUser = (label: string): IdpUser => ({ email: `${label}-${randomUUID().slice(0, 8)}@example.com`, firstName: 'Pat', lastName: label });
