/**
 * The vendors whose login the receiver starts, or whose credential is not a JWT, in a real browser:
 * the portal's "Sign in", the tenant's /login, the IdP's page on another site (idp.test, served here,
 * building the credential the way each vendor documents it), the callback, the portal showing who is
 * signed in, then "Sign out" to the IdP's logout page, and the portal signed out. No page may log an
 * error or a CSP violation on the way.
 */
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT } from 'jose';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { launchChromium, serve, watch, type PageWatch, type TestBrowser } from '../helpers/chromium';
import { IDP_HOST } from '../helpers/idp';
import { text } from '../helpers/round-trips';

jest.setTimeout(60_000);

const FD_SECRET = 'browser-fd-secret-0123456789';
const DC_SECRET = 'browser-dc-secret-0123456789';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const hex = (alg: string, key: string, text: string) => createHmac(alg, key).update(text).digest('hex');

let browser: TestBrowser;
let rx: TestReceiver;
let idp: { url: string; close(): Promise<void> };
const visits: URL[] = [];
let email = '';
const seen: PageWatch[] = [];

/** The IdP: a login page per vendor that signs the current user in at once, and a logout page. */
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  visits.push(url);
  const q = url.searchParams;
  const redirect = (location: string): void => void res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' }).end();
  if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
  const [, vendor, action] = url.pathname.split('/');
  if (action === 'logout')
    return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>IdP</title><h1 id="idp-signed-out">Signed out at the IdP</h1>');
  const now = Math.floor(Date.now() / 1000);
  if (vendor === 'fd' && action === 'login') {
    // Freshdesk's simple SSO: back to the helpdesk named by host_url, hash over name + secret + email + timestamp.
    const name = 'Pat Simple';
    const query = new URLSearchParams({ name, email, timestamp: String(now), hash: hex('md5', FD_SECRET, `${name}${FD_SECRET}${email}${now}`) });
    return redirect(`http://${q.get('host_url')}/t/fd/login/sso?${query}`);
  }
  if (vendor === 'dc' && action === 'login') {
    // DiscourseConnect: check sig, read the nonce and return_sso_url, answer with the user's fields.
    const sso = q.get('sso') as string;
    if (q.get('sig') !== hex('sha256', DC_SECRET, sso)) return void res.writeHead(403).end('bad sig');
    const sent = new URLSearchParams(Buffer.from(sso, 'base64').toString('utf8'));
    const answer = Buffer.from(
      new URLSearchParams({ nonce: sent.get('nonce') as string, email, external_id: `ext-${email}`, name: 'Pat Connect' }).toString(),
    ).toString('base64');
    return redirect(`${sent.get('return_sso_url')}?${new URLSearchParams({ sso: answer, sig: hex('sha256', DC_SECRET, answer) })}`);
  }
  if (vendor === 'fw' && action === 'authorize') {
    // Freshworks: an RS256 id_token with the nonce, back to redirect_uri with the state.
    const idToken = await new SignJWT({ sub: `sub-${email}`, email, iat: now, nonce: q.get('nonce'), given_name: 'Pat', family_name: 'Works' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .sign(rsa.privateKey);
    return redirect(`${q.get('redirect_uri')}?${new URLSearchParams({ state: q.get('state') as string, id_token: idToken })}`);
  }
  res.writeHead(404).end('not found');
}

beforeAll(async () => {
  browser = await launchChromium({ loopbackHosts: [IDP_HOST] });
  const server = await serve(handle);
  idp = { url: `http://${IDP_HOST}:${new URL(server.url).port}`, close: server.close };
  const urls = (vendor: string, login = 'login') => ({ remoteLoginUrl: `${idp.url}/${vendor}/${login}`, remoteLogoutUrl: `${idp.url}/${vendor}/logout` });
  rx = await startTestReceiver(
    {
      tenants: [
        { id: 'fd', profile: 'freshdesk-simple-sso', secret: FD_SECRET, ...urls('fd') },
        { id: 'dc', profile: 'discourse', secret: DC_SECRET, ...urls('dc') },
        {
          id: 'fw',
          profile: 'freshworks',
          ...urls('fw', 'authorize'),
          options: { publicKey: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
        },
      ],
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

test.each([
  ['fd', 'freshdesk-simple-sso', '/fd/login', 'Pat Simple'],
  ['dc', 'discourse', '/dc/login', 'Pat Connect'],
  ['fw', 'freshworks', '/fw/authorize', 'Pat Works'],
] as const)('%s (%s): Sign in -> /login -> IdP -> callback -> signed in -> Sign out -> IdP logout -> signed out', async (tenant, _profile, idpPath, name) => {
  email = `${tenant}-${randomUUID().slice(0, 8)}@example.com`;
  const page = await browser.context.newPage();
  seen.push(watch(page));
  const home = `${rx.url}/t/${tenant}/home`;
  await page.goto(home);
  expect(await text(page, '.box')).toBe('Not signed in. Sign in through the identity provider.');
  await Promise.all([page.waitForURL(home), page.click('a:text-is("Sign in")')]);
  expect(await text(page, '.user-email')).toBe(email);
  expect(await text(page, '.user-name')).toBe(name);
  const start = visits.filter((v) => v.pathname === idpPath).at(-1) as URL;
  if (tenant === 'fd') expect(start.searchParams.get('host_url')).toBe(new URL(rx.url).host);
  if (tenant === 'fw') expect([...start.searchParams.keys()]).toEqual(['response_type', 'client_id', 'scope', 'state', 'redirect_uri', 'nonce']);
  const [attempt] = await rx.store.searchAttempts({ tenant, limit: 1 });
  expect(attempt).toMatchObject({ accepted: true, email });

  await Promise.all([page.waitForURL((u) => u.href.startsWith(`${idp.url}/${tenant}/logout`)), page.click('button:text-is("Sign out")')]);
  await page.locator('#idp-signed-out').waitFor();
  if (tenant === 'fd') expect(new URL(page.url()).searchParams.get('host_url')).toBe(new URL(rx.url).host);
  await page.goto(home);
  expect(await text(page, '.box')).toBe('Not signed in. Sign in through the identity provider.');
  await page.close();
});
