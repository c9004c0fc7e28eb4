import { generateKeyPairSync } from 'node:crypto';
import { mint } from '../../src/mint/mint';
import type { ProfileId } from '../../src/vendors';
import { CookieJar } from '../helpers/cookie-jar';
import { T0_MS, freshJti, request, sign, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { vendorClaims } from '../helpers/tokens';

/**
 * The cross-vendor matrix for the vendors whose login the receiver starts or whose credential is not a
 * JWT (DiscourseConnect, Freshdesk simple SSO, Freshworks): a good credential of each, made for its own
 * tenant, is refused by every other tenant (4xx, never accepted, never 5xx), whether it arrives as the
 * same query or in the other vendor's token parameter; and a good token of every JWT vendor is refused
 * by theirs.
 */
const SECRETS: Record<string, string> = {
  happyfox: 'hf-secret-0123456789',
  mojo: 'mojo-secret-0123456789',
  deskpro: 'dp-secret-0123456789',
  zendesk: 'zd-secret-0123456789',
  'zoho-asap': 'zoho-secret-0123456789',
  discourse: 'dc-secret-0123456789',
  'freshdesk-simple-sso': 'fd-secret-0123456789',
};
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const FRESHWORKS_KEY = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const JWT_VENDORS = ['happyfox', 'mojo', 'deskpro', 'zendesk', 'zoho-asap'] as const;
const MINE = ['discourse', 'freshdesk-simple-sso', 'freshworks'] as const;
const ALL = [...JWT_VENDORS, ...MINE] as const;
type Tenant = (typeof ALL)[number];

/** Each vendor's consume path and the parameter its token travels in. */
const ROUTE: Record<Tenant, { path: string; param: string; post?: 'form' | 'json' }> = {
  happyfox: { path: '/jwt/', param: 'token' },
  mojo: { path: '/jwt/consume', param: 'token' },
  deskpro: { path: '/login/authenticate-callback/1', param: 'jwt' },
  zendesk: { path: '/access/jwt', param: 'jwt', post: 'form' },
  'zoho-asap': { path: '/asap/jwt', param: 'jwt', post: 'json' },
  discourse: { path: '/session/sso_login', param: 'sso' },
  'freshdesk-simple-sso': { path: '/login/sso', param: 'hash' },
  freshworks: { path: '/sp/OIDC/1/implicit', param: 'id_token' },
};

let rx: TestReceiver;
beforeAll(async () => {
  const remoteLoginUrl = 'https://idp.example.com/start';
  rx = await startTestReceiver({
    tenants: ALL.map((id) =>
      id === 'freshworks'
        ? { id, profile: id, remoteLoginUrl, options: { publicKey: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString() } }
        : { id, profile: id, secret: SECRETS[id], ...(id === 'discourse' ? { remoteLoginUrl } : {}) },
    ),
  });
});
afterAll(() => rx.stop());

/** The one browser the matrix runs in: a DiscourseConnect nonce is bound to the browser that asked for it. */
const BROWSER = new CookieJar();

/** A good credential of `vendor` for its own tenant, as the query of its consume URL. */
async function goodQuery(vendor: (typeof MINE)[number]): Promise<string> {
  const email = `${vendor}-${freshJti()}@example.com`;
  const minted = (claims: Record<string, unknown> = {}, params: Record<string, string> = {}, secret = SECRETS[vendor] as string) =>
    mint({ profile: vendor, secret, email, name: 'Matrix User', at: T0_MS, claims, params, url: `${rx.url}/t/${vendor}` });
  const started = await request(`${rx.url}/t/${vendor}/login`, { headers: BROWSER.headers() });
  BROWSER.absorb(started.headers);
  const login = new URL(started.location ?? 'http://none/');
  if (vendor === 'discourse') {
    const sent = new URLSearchParams(Buffer.from(login.searchParams.get('sso') as string, 'base64').toString('utf8'));
    return new URL(((await minted({ nonce: sent.get('nonce') })).request as string).trim()).search.slice(1);
  }
  if (vendor === 'freshworks') {
    const state = login.searchParams.get('state') as string;
    return new URL(((await minted({ nonce: login.searchParams.get('nonce') }, { state }, FRESHWORKS_KEY)).request as string).trim()).search.slice(1);
  }
  return new URL(((await minted()).request as string).trim()).search.slice(1);
}

/** Sends `query` to tenant `to`'s consume route, as its vendor takes a request (a GET, a form or a JSON body). */
function send(to: Tenant, query: string) {
  const { path, post } = ROUTE[to];
  const url = `${rx.url}/t/${to}${path}`;
  if (!post) return request(`${url}?${query}`, { json: true, headers: BROWSER.headers() });
  const body = post === 'json' ? JSON.stringify(Object.fromEntries(new URLSearchParams(query))) : query;
  return request(url, {
    method: 'POST',
    json: true,
    headers: { 'content-type': post === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
    body,
  });
}

const expectRefused = (res: { status: number; result: string | null }) => {
  expect(res.result).not.toBe('accepted');
  expect(res.status).toBeGreaterThanOrEqual(300);
  expect(res.status).toBeLessThan(500);
};

describe.each(MINE)('a good %s credential', (from) => {
  test('is accepted at its own tenant', async () => {
    expect((await send(from, await goodQuery(from))).result).toBe('accepted');
  });

  test.each(ALL.filter((to) => to !== from))('is refused at the %s tenant, as its query and in its token parameter', async (to) => {
    const query = await goodQuery(from);
    expectRefused(await send(to, query));
    // The credential's own text (a query string or, for Freshworks, the id_token) where the other vendor reads its token.
    const text = from === 'freshworks' ? (new URLSearchParams(query).get('id_token') as string) : query;
    expectRefused(await send(to, new URLSearchParams({ [ROUTE[to].param]: text }).toString()));
  });
});

test.each(JWT_VENDORS.flatMap((from) => MINE.map((to) => [from, to] as const)))('a good %s token is refused at the %s tenant', async (from, to) => {
  const token = await sign(
    vendorClaims(from as ProfileId, T0_MS, { email: `${from}-${freshJti()}@example.com`, name: 'Matrix User' }, freshJti()),
    SECRETS[from],
  );
  const login = new URL((await request(`${rx.url}/t/${to}/login`)).location ?? 'http://none/');
  const state = login.searchParams.get('state');
  expectRefused(await send(to, new URLSearchParams({ ...(state ? { state } : {}), [ROUTE[to].param]: token }).toString()));
});
