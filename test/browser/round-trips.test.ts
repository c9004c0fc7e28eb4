/**
 * HappyFox, Mojo and Deskpro in a real browser, walked as a person clicks them: the portal's "Sign
 * in" link, the tenant's /login, the IdP's page (another site, idp.test), the consume URL with a
 * real token, the portal showing who is signed in, then "Sign out" through to the IdP's Remote
 * Logout URL with no parameter added (vendors.md ambiguity 13), and the portal signed out. No page
 * may log an error or a CSP violation on the way: the sign-out redirect used to be one (form-action).
 */
import { newUser } from './idp';
import { clickSignIn, clickSignOut, expectSignedOut, paramsOf, sessionId, sessionLive, startRoundTrips, text, type RoundTrips } from './round-trip-setup';

jest.setTimeout(60_000);

let rt: RoundTrips;
beforeAll(async () => {
  rt = await startRoundTrips();
});
afterAll(() => rt?.stop());
afterEach(async () => {
  for (const seen of await rt.closePages()) expect(seen).toEqual({ dialogs: [], errors: [] });
});

const portal = (tenant: string, path: string) => `${rt.rx.url}/t/${tenant}${path}`;

test('HappyFox: /tickets -> Sign in -> IdP -> /jwt/?token=&return_to=/tickets -> signed in -> Sign out -> Remote Logout URL, nothing added', async () => {
  const user = (rt.idp.user = newUser('happyfox'));
  const page = await rt.open();
  await page.goto(portal('happyfox', '/tickets'));
  expect(await text(page, '.box')).toBe('Not signed in. Sign in through the identity provider.');

  await clickSignIn(page, portal('happyfox', '/tickets'));
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

test('Mojo: Sign in -> IdP -> /jwt/consume?token= -> signed in -> the "Sign out?" page -> Remote Logout URL, nothing added', async () => {
  const user = (rt.idp.user = newUser('mojo'));
  const page = await rt.open();
  await page.goto(portal('mojo', '/home'));
  await clickSignIn(page, portal('mojo', '/home'));
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

test('Deskpro: Sign in -> /login/authenticate/1 -> IdP with return=<callback> -> callback + jwt= -> signed in -> Sign out from /new-ticket/', async () => {
  const user = (rt.idp.user = newUser('deskpro'));
  const page = await rt.open();
  await page.goto(portal('deskpro', '/home'));
  await clickSignIn(page, portal('deskpro', '/home'));
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
