/**
 * HappyFox in a real browser, walked as a person clicks it: the portal's "Sign in" link, the
 * tenant's /login, the IdP's page (another site, idp.test), the consume URL with a real token, the
 * portal showing who is signed in, then "Sign out" through to the IdP's Remote Logout URL with no
 * parameter added (vendors.md ambiguity 13), and the portal signed out. No page may log an error or
 * a CSP violation on the way: the sign-out redirect used to be one (form-action).
 */
import { clickSignOut, expectSignedOut, paramsOf, sessionId, sessionLive, portalUrl, signInFrom, text, useRoundTrips } from '../../helpers/round-trips';

const rts = useRoundTrips();
const portal = (tenant: string, path: string) => portalUrl(rts(), tenant, path);

test('HappyFox: /tickets -> Sign in -> IdP -> /jwt/?token=&return_to=/tickets -> signed in -> Sign out -> Remote Logout URL, nothing added', async () => {
  const rt = rts();
  const { user, page } = await signInFrom(rt, 'happyfox', '/tickets');
  expect(paramsOf(rt.idp.lastVisit('/happyfox/login'))).toEqual([]);
  expect(await text(page, '.user-email')).toBe(user.email);
  expect(await text(page, '.user-name')).toBe('Pat happyfox');
  expect(await text(page, 'body')).toContain(`No tickets yet for ${user.email}.`);
  const [cookie] = (await rt.browser.context.cookies(portal('happyfox', '/home'))).filter((c) => c.name === 'hjr_session_happyfox');
  expect(cookie && { path: cookie.path, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite }).toEqual({
    path: '/t/happyfox',
    httpOnly: true,
    sameSite: 'Lax',
  });
  const id = await sessionId(rt, 'happyfox');
  expect(await sessionLive(rt, 'happyfox', id)).toBe(true);

  const logout = await clickSignOut(page, rt.idp, 'happyfox');
  expect(`${logout.origin}${logout.pathname}`).toBe(`${rt.idp.url}/happyfox/logout`);
  expect(paramsOf(logout)).toEqual([]);
  expect(await sessionLive(rt, 'happyfox', id)).toBe(false);
  await expectSignedOut(rt, page, 'happyfox');
});
