/**
 * What every vendor's browser round trip (test/vendors/<id>/*.browser.test.ts) shares: the test IdP (idp.test), a real receiver on the real clock
 * with one tenant per profile whose Remote Login and Logout URLs are the IdP's pages, a Chromium
 * that resolves idp.test (and other.test) to 127.0.0.1, and the steps a person takes on the portal.
 */
import type { Page } from 'playwright-core';
import { sessionCookieName } from '../../src/http/middleware/session-cookie';
import { SECRET, startTestReceiver, type TestReceiver } from './receiver';
import { launchChromium, watch, type PageWatch, type TestBrowser } from './chromium';
import { IDP_HOST, newUser, startIdp, type IdpUser, type TestIdp } from './idp';

/** A second name for the IdP server: an origin no tenant lists. */
export const OTHER_HOST = 'other.test';

export interface RoundTrips {
  rx: TestReceiver;
  idp: TestIdp;
  browser: TestBrowser;
  /** A new tab, watched for dialogs, page errors, console errors and CSP violations. */
  open(): Promise<Page>;
  /** Closes the tabs opened since the last call and returns what each saw (expected: nothing). */
  closePages(): Promise<PageWatch[]>;
  stop(): Promise<void>;
}

export async function startRoundTrips(): Promise<RoundTrips> {
  // The browser first: without one the file fails at once, with nothing left listening.
  const browser = await launchChromium({ loopbackHosts: [IDP_HOST, OTHER_HOST] });
  const idp = await startIdp();
  const remote = (tenant: string) => ({ remoteLoginUrl: `${idp.url}/${tenant}/login`, remoteLogoutUrl: `${idp.url}/${tenant}/logout` });
  const rx = await startTestReceiver(
    {
      tenants: [
        { id: 'happyfox', profile: 'happyfox', secret: SECRET, ...remote('happyfox') },
        { id: 'mojo', profile: 'mojo', secret: SECRET, ...remote('mojo') },
        { id: 'deskpro', profile: 'deskpro', secret: SECRET, ...remote('deskpro') },
        { id: 'zendesk', profile: 'zendesk', secret: SECRET, ...remote('zendesk') },
        // The add-on's page is on idp.test, the domain entered on Zoho's setup page.
        { id: 'zoho', profile: 'zoho-asap', secret: SECRET, options: { addOnDomains: [IDP_HOST] } },
        // No addOnDomains: the default lets pages on loopback hosts (a local IdP) call the exchange.
        { id: 'zoho-local', profile: 'zoho-asap', secret: SECRET },
      ],
    },
    { freezeAt: null },
  );
  idp.receiverUrl = rx.url;
  const opened: Array<{ page: Page; seen: PageWatch }> = [];
  return {
    rx,
    idp,
    browser,
    async open() {
      const page = await browser.context.newPage();
      opened.push({ page, seen: watch(page) });
      return page;
    },
    async closePages() {
      const seen: PageWatch[] = [];
      for (const tab of opened.splice(0)) {
        await tab.page.close();
        seen.push(tab.seen);
      }
      return seen;
    },
    async stop() {
      await browser.close();
      await rx.stop();
      await idp.close();
    },
  };
}

/**
 * Registers the hooks of a round-trip test file: the IdP, receiver and Chromium started once, every
 * tab closed after each test with nothing seen on it (no dialog, page error, console error or CSP
 * violation), all stopped at the end. `afterEachTest` runs first (a test's IdP settings reset).
 * Returns the running round trips, for use inside the tests.
 */
export function useRoundTrips(afterEachTest?: (rt: RoundTrips) => void): () => RoundTrips {
  jest.setTimeout(60_000);
  let rt: RoundTrips | undefined;
  beforeAll(async () => {
    rt = await startRoundTrips();
  });
  afterAll(() => rt?.stop());
  afterEach(async () => {
    if (!rt) return;
    afterEachTest?.(rt);
    for (const seen of await rt.closePages()) expect(seen).toEqual({ dialogs: [], errors: [] });
  });
  return () => {
    if (!rt) throw new Error('the round trips did not start (see the error of beforeAll)');
    return rt;
  };
}

/** A tenant's portal page on the receiver. */
export const portalUrl = (rt: RoundTrips, tenant: string, path: string): string => `${rt.rx.url}/t/${tenant}${path}`;

/**
 * A new user at the IdP, a new tab on the tenant's portal `path` (nobody signed in), then the
 * portal's "Sign in" clicked through the IdP back to the portal at `landing` (default: `path`).
 */
export async function signInFrom(rt: RoundTrips, tenant: string, path: string, landing = path): Promise<{ user: IdpUser; page: Page }> {
  const user = (rt.idp.user = newUser(tenant));
  const page = await rt.open();
  await page.goto(portalUrl(rt, tenant, path));
  expect(await text(page, '.box')).toBe('Not signed in. Sign in through the identity provider.');
  await clickSignIn(page, portalUrl(rt, tenant, landing));
  return { user, page };
}

/** What the user sees in `selector`, white space collapsed. */
export const text = async (page: Page, selector: string): Promise<string> => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

/** The portal's "Sign in" link, clicked; resolves once the browser is back on the portal at `landing`. */
export async function clickSignIn(page: Page, landing: string): Promise<void> {
  await Promise.all([page.waitForURL(landing), page.click('a:text-is("Sign in")')]);
}

/** The "Sign out" button, clicked; resolves once the browser is on the IdP's logout page. Its URL. */
export async function clickSignOut(page: Page, idp: TestIdp, tenant: string): Promise<URL> {
  const logout = `${idp.url}/${tenant}/logout`;
  await Promise.all([page.waitForURL((url) => url.href.startsWith(logout), { timeout: 10_000 }), page.click('button:text-is("Sign out")')]);
  await page.locator('#idp-signed-out').waitFor();
  return new URL(page.url());
}

/** The query of a URL as [name, value] pairs, in order (repeats and all). */
export const paramsOf = (url: URL): Array<[string, string]> => [...url.searchParams.entries()];

/** The names of the receiver's cookies the browser holds for a tenant's pages. */
export async function sessionCookies(rt: RoundTrips, tenant: string): Promise<string[]> {
  const cookies = await rt.browser.context.cookies(`${rt.rx.url}/t/${tenant}/home`);
  return cookies.map((c) => c.name).filter((name) => name === sessionCookieName(tenant));
}

/** The tenant's session cookie value in the browser (the session id), or an error. */
export async function sessionId(rt: RoundTrips, tenant: string): Promise<string> {
  const cookies = await rt.browser.context.cookies(`${rt.rx.url}/t/${tenant}/home`);
  const cookie = cookies.find((c) => c.name === sessionCookieName(tenant));
  if (!cookie) throw new Error(`the browser holds no ${sessionCookieName(tenant)} cookie`);
  return cookie.value;
}

/** Whether the receiver still knows a session by its id (live by the real clock). */
export const sessionLive = async (rt: RoundTrips, tenant: string, id: string): Promise<boolean> =>
  (await rt.rx.store.findSession(id, tenant, Date.now())) !== undefined;

/** Back on the portal after signing out: nobody signed in, and the session cookie gone. */
export async function expectSignedOut(rt: RoundTrips, page: Page, tenant: string): Promise<void> {
  await page.goto(`${rt.rx.url}/t/${tenant}/home`);
  expect(await text(page, '.box')).toBe('Not signed in. Sign in through the identity provider.');
  expect(await sessionCookies(rt, tenant)).toEqual([]);
}
