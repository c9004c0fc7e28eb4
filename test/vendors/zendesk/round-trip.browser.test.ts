/**
 * Zendesk in a real browser: /login sends the IdP `return_to`, `brand_id`, `locale_id`,
 * `timestamp`; the IdP page (another site) auto-submits the POST form Zendesk recommends to
 * /access/jwt; the SameSite=Lax session cookie set on that cross-site POST goes with the redirected
 * GET; Sign out reaches the Remote Logout URL with exactly `email`, `brand_id`, `return_to`; and a
 * refused token lands on the Remote Logout URL with `message` and `kind=error`.
 */
import { IAT_MESSAGE } from '../../../src/vendors/zendesk/contract';
import { newUser } from '../../helpers/idp';
import { clickSignIn, clickSignOut, expectSignedOut, paramsOf, sessionCookies, sessionId, sessionLive, text, useRoundTrips } from '../../helpers/round-trips';

const rts = useRoundTrips((rt) => {
  rt.idp.iatOffsetSeconds = 0;
});

const portal = (path: string) => `${rts().rx.url}/t/zendesk${path}`;

test('Sign in -> IdP with the four parameters -> POST form to /access/jwt -> signed in on the next pages -> Sign out with email, brand_id, return_to', async () => {
  const rt = rts();
  const user = (rt.idp.user = newUser('zendesk'));
  const page = await rt.open();
  await page.goto(portal('/tickets'));
  const before = Math.floor(Date.now() / 1000);
  await clickSignIn(page, portal('/home'));

  const login = rt.idp.lastVisit('/zendesk/login');
  expect(paramsOf(login).map(([name]) => name)).toEqual(['return_to', 'brand_id', 'locale_id', 'timestamp']);
  expect(paramsOf(login).slice(0, 3)).toEqual([
    ['return_to', '/home'],
    ['brand_id', '1'],
    ['locale_id', '1'],
  ]);
  expect(Number(login.searchParams.get('timestamp'))).toBeGreaterThanOrEqual(before);
  expect(Number(login.searchParams.get('timestamp'))).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));

  // The token came by the IdP's cross-site form POST (Chromium's default policy: the Referer is the
  // IdP's origin), then the 302 to /home carried the Lax cookie: the page knows the user.
  const [attempt] = await rt.rx.store.searchAttempts({ tenant: 'zendesk', limit: 1 });
  expect(attempt).toMatchObject({ route: 'POST|GET /access/jwt', accepted: true, email: user.email, referer: `${rt.idp.url}/` });
  expect(await text(page, '.user-email')).toBe(user.email);
  expect(await text(page, '.user-name')).toBe('Pat zendesk');
  const [cookie] = (await rt.browser.context.cookies(portal('/home'))).filter((c) => c.name === 'hjr_session_zendesk');
  expect(cookie && { httpOnly: cookie.httpOnly, sameSite: cookie.sameSite }).toEqual({ httpOnly: true, sameSite: 'Lax' });
  await page.click('nav a:text-is("Tickets")');
  expect(await text(page, 'body')).toContain(`No tickets yet for ${user.email}.`);

  const id = await sessionId(rt, 'zendesk');
  const logout = await clickSignOut(page, rt.idp, 'zendesk');
  expect(`${logout.origin}${logout.pathname}`).toBe(`${rt.idp.url}/zendesk/logout`);
  expect(paramsOf(logout)).toEqual([
    ['email', user.email],
    ['brand_id', '1'],
    ['return_to', portal('/home')],
  ]);
  expect(await sessionLive(rt, 'zendesk', id)).toBe(false);
  await expectSignedOut(rt, page, 'zendesk');
});

test('a token 10 minutes old is refused: the browser lands on the Remote Logout URL with message and kind=error, signed out', async () => {
  const rt = rts();
  rt.idp.user = newUser('zendesk-expired');
  rt.idp.iatOffsetSeconds = -600;
  const page = await rt.open();
  await page.goto(portal('/home'));
  await Promise.all([page.waitForURL((url) => url.href.startsWith(`${rt.idp.url}/zendesk/logout`)), page.click('a:text-is("Sign in")')]);
  await page.locator('#idp-signed-out').waitFor();

  expect(paramsOf(new URL(page.url()))).toEqual([
    ['message', IAT_MESSAGE],
    ['kind', 'error'],
  ]);
  const [attempt] = await rt.rx.store.searchAttempts({ tenant: 'zendesk', limit: 1 });
  expect(attempt).toMatchObject({ route: 'POST|GET /access/jwt', accepted: false, code: 'token_expired' });
  expect(await sessionCookies(rt, 'zendesk')).toEqual([]);
  await expectSignedOut(rt, page, 'zendesk');
});
