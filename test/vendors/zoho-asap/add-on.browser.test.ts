/**
 * Zoho Desk ASAP in a real browser: the customer's page hosting the add-on fetches a JWT from its own
 * server, POSTs it as JSON to the receiver's /asap/jwt (another origin: a CORS preflight), calls
 * /asap/me with the access token (an Authorization header: another preflight) and shows the user.
 * Allowed: a page on a host in the tenant's addOnDomains, and, with none set, a page on loopback.
 * Refused: a page on any other origin, whose fetch the browser stops before the token is sent.
 */
import { watch } from '../../helpers/chromium';
import { IDP_HOST, newUser } from '../../helpers/idp';
import { OTHER_HOST, text, useRoundTrips } from '../../helpers/round-trips';

const rts = useRoundTrips();

const users = async (tenant: string) => (await rts().rx.store.searchUsers({ tenant: tenant })).map((u) => u.email);

test.each([
  ['a host in addOnDomains (idp.test)', 'zoho', IDP_HOST],
  ['loopback, with addOnDomains unset (the npm start default)', 'zoho-local', '127.0.0.1'],
])('the add-on page on %s signs in: exchange, /asap/me, the email shown', async (_label, tenant, host) => {
  const rt = rts();
  const user = (rt.idp.user = newUser(tenant));
  const page = await rt.open();
  await page.goto(`${rt.idp.urlAs(host)}/zoho/page?tenant=${tenant}`);
  await page.locator('#user[data-state="signed-in"]').waitFor({ timeout: 10_000 });
  expect(await text(page, '#user')).toBe(user.email);
  const [attempt] = await rt.rx.store.searchAttempts({ tenant: tenant, limit: 1 });
  expect(attempt).toMatchObject({ route: 'POST /asap/jwt', accepted: true, email: user.email });
  expect(await users(tenant)).toContain(user.email);
});

test('the add-on page on an origin the tenant does not list fails in the browser; no token reaches the exchange', async () => {
  const rt = rts();
  const user = (rt.idp.user = newUser('zoho-refused'));
  const page = await rt.browser.context.newPage();
  const seen = watch(page);
  try {
    const before = (await rt.rx.store.searchAttempts({ tenant: 'zoho' })).length;
    await page.goto(`${rt.idp.urlAs(OTHER_HOST)}/zoho/page?tenant=zoho`);
    await page.locator('#user[data-state="failed"]').waitFor();
    expect(await text(page, '#user')).toBe('failed: Failed to fetch');
    // Chromium says why: the preflight answer carried no Access-Control-Allow-Origin.
    expect(seen.errors.some((e) => e.includes(`from origin '${rt.idp.urlAs(OTHER_HOST)}' has been blocked by CORS policy`))).toBe(true);
    expect(seen.dialogs).toEqual([]);
    expect((await rt.rx.store.searchAttempts({ tenant: 'zoho' })).length).toBe(before);
    expect(await users('zoho')).not.toContain(user.email);
  } finally {
    await page.close();
  }
});
