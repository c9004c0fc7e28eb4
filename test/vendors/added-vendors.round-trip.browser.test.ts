/**
 * Kayako, Canny, Help Scout Docs, Freshdesk SSO v2 and Zendesk messaging in a real browser: the
 * portal's "Sign in", the vendor's /login with its parameters, an IdP page on another site
 * (idp.test) that mints a real token (`mint`, the vendor's factory, at the real time) and sends the
 * browser back the vendor's way, the portal signed in, then "Sign out" to the IdP. Freshdesk's
 * refusal lands on /login/normal with its flash; Zendesk messaging's widget page exchanges by form.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { mint } from '../../src';
import { escapeHtml } from '../../src/http/pages/html';
import type { ProfileId } from '../../src/vendors';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { launchChromium, serve, watch, type PageWatch, type TestBrowser } from '../helpers/chromium';
import { clickSignIn, text } from '../helpers/round-trips';

jest.setTimeout(60_000);

const IDP_HOST = 'idp.test';
const secretOf = (profile: string) => `${profile}-browser-secret-0123456789abcdef`;
const TENANTS: Record<string, ProfileId> = { kayako: 'kayako', canny: 'canny', docs: 'helpscout-docs', fd: 'freshdesk-sso-v2', msg: 'zendesk-messaging' };

let rx: TestReceiver;
let browser: TestBrowser;
let idp: { url: string; close(): Promise<void> };
let idpUrl = '';
const visits: URL[] = [];
/** The next login the IdP makes is refused (a token signed with another secret). */
let breakNext = false;
const seen: PageWatch[] = [];

const respond = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(body);
};

async function tokenFor(tenant: string, email: string): Promise<string> {
  const profile = TENANTS[tenant] as ProfileId;
  const secret = breakNext ? `${secretOf(profile)}-wrong` : secretOf(profile);
  breakNext = false;
  return (await mint({ profile, secret, email, name: 'Pat Browser' })).token;
}

/** The IdP's sign-in for each vendor, sending the browser back as that vendor's samples do. */
async function login(tenant: string, q: URLSearchParams, res: ServerResponse): Promise<void> {
  const email = `${tenant}-${Date.now()}@example.com`;
  const token = await tokenFor(tenant, email);
  const base = `${rx.url}/t/${tenant}`;
  switch (tenant) {
    case 'kayako': // dologin.php: header("Location: $returnto&jwt=$jwt")
      return respond(res, 302, '', { Location: `${q.get('returnto')}&jwt=${token}` });
    case 'canny': // Canny: /api/redirects/sso with companyID, ssoToken and the redirect it was given
      return respond(res, 302, '', {
        Location: `${base}/api/redirects/sso?${new URLSearchParams({ companyID: q.get('companyID') ?? '', ssoToken: token, redirect: q.get('redirect') ?? '' })}`,
      });
    case 'docs': // Help Scout's example: <site>/authcallback?token=${token}&returnTo=${returnTo}
      return respond(res, 302, '', { Location: `${base}/authcallback?token=${token}&returnTo=${q.get('returnTo')}` });
    case 'fd':
      return respond(res, 302, '', { Location: `${base}/login/sso_v2?jwt_token=${token}&redirect_to=%2Fhome%3Ffrom%3Dsso` });
    default:
      return respond(res, 404, 'no such tenant');
  }
}

/** The customer page with the messaging widget: it gets a JWT from its server and hands it to the exchange (a form POST). */
async function widgetPage(res: ServerResponse): Promise<void> {
  const token = await tokenFor('msg', `msg-${Date.now()}@example.com`);
  respond(
    res,
    200,
    `<!doctype html><title>Widget</title><form method="post" action="${escapeHtml(`${rx.url}/t/msg/messaging/login`)}">
<input type="hidden" name="jwt" value="${escapeHtml(token)}"><button type="submit">Chat</button></form>`,
  );
}

beforeAll(async () => {
  browser = await launchChromium({ loopbackHosts: [IDP_HOST] });
  idp = await serve(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    visits.push(url);
    const [, tenant, action] = url.pathname.split('/');
    if (action === 'login') return login(tenant as string, url.searchParams, res);
    if (action === 'logout') return respond(res, 200, '<!doctype html><title>IdP</title><h1 id="idp-signed-out">Signed out at the IdP</h1>');
    if (tenant === 'msg' && action === 'widget') return widgetPage(res);
    if (url.pathname === '/favicon.ico') return respond(res, 204, '');
    return respond(res, 404, 'not found');
  });
  idpUrl = `http://${IDP_HOST}:${new URL(idp.url).port}`;
  rx = await startTestReceiver(
    {
      tenants: Object.entries(TENANTS).map(([id, profile]) => ({
        id,
        profile,
        secret: secretOf(profile),
        remoteLoginUrl: `${idpUrl}/${id}/login`,
        remoteLogoutUrl: `${idpUrl}/${id}/logout`,
      })),
    },
    { freezeAt: null },
  );
});
afterAll(async () => {
  await browser?.close();
  await rx?.stop();
  await idp?.close();
});
afterEach(() => {
  for (const s of seen.splice(0)) expect(s).toEqual({ dialogs: [], errors: [] });
});

async function open(): Promise<Page> {
  const page = await browser.context.newPage();
  seen.push(watch(page));
  return page;
}

const portal = (tenant: string, path: string) => `${rx.url}/t/${tenant}${path}`;
const lastVisit = (path: string) => visits.filter((v) => v.pathname === path).at(-1) as URL;

async function signOut(page: Page, tenant: string): Promise<void> {
  await Promise.all([page.waitForURL((u) => u.href.startsWith(`${idpUrl}/${tenant}/logout`)), page.click('button:text-is("Sign out")')]);
  await page.goto(portal(tenant, '/home'));
  expect(await text(page, '.box')).toBe('Not signed in. Sign in through the identity provider.');
}

test('Kayako: Sign in -> IdP with returnto -> returnto&jwt= -> signed in -> Sign out', async () => {
  const page = await open();
  await page.goto(portal('kayako', '/home'));
  await clickSignIn(page, portal('kayako', '/home'));
  expect([...lastVisit('/kayako/login').searchParams]).toEqual([['returnto', `${portal('kayako', '/Base/SSO/JWT/')}?type=customer&action=%2Fhome`]]);
  expect(await text(page, '.user-email')).toMatch(/^kayako-\d+@example\.com$/);
  await signOut(page, 'kayako');
  await page.close();
});

test('Canny: Sign in -> IdP with companyID and redirect -> /api/redirects/sso -> signed in -> Sign out', async () => {
  const page = await open();
  await page.goto(portal('canny', '/home'));
  await clickSignIn(page, portal('canny', '/home'));
  expect([...lastVisit('/canny/login').searchParams]).toEqual([
    ['companyID', 'canny'],
    ['redirect', portal('canny', '/home')],
  ]);
  expect(await text(page, '.user-email')).toMatch(/^canny-\d+@example\.com$/);
  expect(await text(page, '.user-name')).toBe('Pat Browser');
  await signOut(page, 'canny');
  await page.close();
});

test('Help Scout Docs: Sign in -> IdP with returnTo -> /authcallback -> signed in -> Sign out', async () => {
  const page = await open();
  await page.goto(portal('docs', '/home'));
  // returnTo "/" (the site's root), which the portal shows as its home page.
  await clickSignIn(page, portal('docs', '/home'));
  expect([...lastVisit('/docs/login').searchParams]).toEqual([['returnTo', '/']]);
  expect(await text(page, '.user-email')).toMatch(/^docs-\d+@example\.com$/);
  await signOut(page, 'docs');
  await page.close();
});

test('Freshdesk SSO v2: a refused token lands on /login/normal with the flash; a good one signs in', async () => {
  const page = await open();
  breakNext = true;
  await page.goto(portal('fd', '/home'));
  await Promise.all([page.waitForURL(portal('fd', '/login/normal')), page.click('a:text-is("Sign in")')]);
  expect(await text(page, '.flash')).toBe('Single sign-on failed. Please try again or sign in with your Freshdesk credentials.');
  await page.reload();
  expect(await page.locator('.flash').count()).toBe(0);
  await Promise.all([page.waitForURL(portal('fd', '/home?from=sso')), page.click('a:text-is("Log in with single sign-on")')]);
  await page.goto(portal('fd', '/home'));
  expect(await text(page, '.user-email')).toMatch(/^fd-\d+@example\.com$/);
  await signOut(page, 'fd');
  await page.close();
});

test('Zendesk messaging: the widget page hands its JWT to the exchange, which answers an access token', async () => {
  const page = await open();
  await page.goto(`${idpUrl}/msg/widget`);
  await Promise.all([page.waitForURL(portal('msg', '/messaging/login')), page.click('button:text-is("Chat")')]);
  const answer = JSON.parse(await page.locator('body').innerText()) as { access_token: string; token_type: string };
  expect(answer.token_type).toBe('Bearer');
  expect(await rx.store.findSession(answer.access_token, 'msg', Date.now())).toBeDefined();
  await page.close();
});
