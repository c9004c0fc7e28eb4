/**
 * Mojo Helpdesk in a real browser: "Sign in" through the IdP to /jwt/consume, then its "Sign out?"
 * page (GET /logout asks, its button POSTs) through to the Remote Logout URL with nothing added.
 * No page may log an error or a CSP violation on the way.
 */
import { clickSignOut, expectSignedOut, paramsOf, sessionId, sessionLive, portalUrl, signInFrom, text, useRoundTrips } from '../../helpers/round-trips';

const rts = useRoundTrips();
const portal = (tenant: string, path: string) => portalUrl(rts(), tenant, path);

test('Mojo: Sign in -> IdP -> /jwt/consume?token= -> signed in -> the "Sign out?" page -> Remote Logout URL, nothing added', async () => {
  const rt = rts();
  const { user, page } = await signInFrom(rt, 'mojo', '/home');
  expect(paramsOf(rt.idp.lastVisit('/mojo/login'))).toEqual([]);
  expect(await text(page, '.user-email')).toBe(user.email);
  expect(await text(page, '.user-name')).toBe('Pat mojo');
  const id = await sessionId(rt, 'mojo');

  // The page the user reported stuck: GET /logout asks first, its button POSTs.
  await page.goto(portal('mojo', '/logout'));
  expect(await text(page, 'h1')).toBe('Sign out?');
  const logout = await clickSignOut(page, rt.idp, 'mojo');
  expect(`${logout.origin}${logout.pathname}`).toBe(`${rt.idp.url}/mojo/logout`);
  expect(paramsOf(logout)).toEqual([]);
  expect(await sessionLive(rt, 'mojo', id)).toBe(false);
  await expectSignedOut(rt, page, 'mojo');
});
