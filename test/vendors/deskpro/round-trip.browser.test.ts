/**
 * Deskpro in a real browser: "Sign in" to its SSO entry /login/authenticate/1, the IdP given the
 * absolute callback URL as `return`, the callback with `jwt=`, the session on the next page, then
 * "Sign out" through to the Remote Logout URL with nothing added. No page may log an error or a CSP
 * violation on the way.
 */
import { clickSignOut, expectSignedOut, paramsOf, sessionId, sessionLive, portalUrl, signInFrom, text, useRoundTrips } from '../../helpers/round-trips';

const rts = useRoundTrips();
const portal = (tenant: string, path: string) => portalUrl(rts(), tenant, path);

test('Deskpro: Sign in -> /login/authenticate/1 -> IdP with return=<callback> -> callback + jwt= -> signed in -> Sign out from /new-ticket/', async () => {
  const rt = rts();
  const { user, page } = await signInFrom(rt, 'deskpro', '/home');
  // The IdP was sent the absolute callback URL, exactly, and nothing else.
  expect(paramsOf(rt.idp.lastVisit('/deskpro/login'))).toEqual([['return', portal('deskpro', '/login/authenticate-callback/1')]]);
  expect(await text(page, '.user-email')).toBe(user.email);
  expect((await rt.rx.store.searchAttempts({ tenant: 'deskpro', limit: 1 }))[0]).toMatchObject({
    route: 'GET|POST /login/authenticate-callback/:usId',
    code: null,
  });

  // The session cookie goes with the next page too; that page carries the sign-out form.
  await page.goto(portal('deskpro', '/new-ticket/'));
  expect(await text(page, '.user-email')).toBe(user.email);
  const id = await sessionId(rt, 'deskpro');
  const logout = await clickSignOut(page, rt.idp, 'deskpro');
  expect(`${logout.origin}${logout.pathname}`).toBe(`${rt.idp.url}/deskpro/logout`);
  expect(paramsOf(logout)).toEqual([]);
  expect(await sessionLive(rt, 'deskpro', id)).toBe(false);
  await expectSignedOut(rt, page, 'deskpro');
});
