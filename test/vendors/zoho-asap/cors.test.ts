/**
 * CORS on Zoho ASAP's /asap/jwt and /asap/me, through the real server: the add-on's page is on the
 * customer's origin, so a browser preflights the JSON exchange and the Authorization header. Origins
 * whose host is in `addOnDomains` are echoed (never `*`, never with credentials); unset, loopback
 * hosts are; any other origin gets 403 `origin_not_allowed` before its token is read. No Origin
 * (server to server) is not CORS and is answered as before.
 */
import { problemsOf, tenant } from '../../config/support';
import { SECRET, request, startTestReceiver, type Answer, type TestReceiver } from '../../helpers/receiver';
import { zohoToken } from './zoho';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'zoho-asap', secret: SECRET },
      { id: 'listed', profile: 'zoho-asap', secret: SECRET, options: { addOnDomains: ['app.example.com', '*.brand.example'] } },
      { id: 'none', profile: 'zoho-asap', secret: SECRET, options: { addOnDomains: [] } },
      { id: 'hf', profile: 'happyfox', secret: SECRET },
    ],
  });
});
afterAll(() => rx.stop());

const tenantUrl = (id: string) => (id === 'default' ? rx.url : `${rx.url}/t/${id}`);

function preflight(id: string, path: '/asap/jwt' | '/asap/me', origin: string, extra: Record<string, string> = {}): Promise<Answer> {
  const method = path === '/asap/jwt' ? 'POST' : 'GET';
  const headers = path === '/asap/jwt' ? 'content-type' : 'authorization';
  return request(`${tenantUrl(id)}${path}`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': headers, ...extra },
  });
}

const exchange = async (id: string, headers: Record<string, string>, body?: string) =>
  request(`${tenantUrl(id)}/asap/jwt`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body ?? JSON.stringify({ jwt: await zohoToken() }),
  });

/** The CORS answer headers, absent ones as null. */
const cors = (res: Answer) => ({
  status: res.status,
  allowOrigin: res.headers.get('access-control-allow-origin'),
  allowMethods: res.headers.get('access-control-allow-methods'),
  allowHeaders: res.headers.get('access-control-allow-headers'),
  maxAge: res.headers.get('access-control-max-age'),
  credentials: res.headers.get('access-control-allow-credentials'),
});

describe('preflight (OPTIONS with Access-Control-Request-Method)', () => {
  test("from a host in addOnDomains: 204 with the origin echoed, the route's one method and header, no credentials", async () => {
    const jwt = await preflight('listed', '/asap/jwt', 'https://app.example.com');
    expect(cors(jwt)).toEqual({
      status: 204,
      allowOrigin: 'https://app.example.com',
      allowMethods: 'POST',
      allowHeaders: 'Content-Type',
      maxAge: '600',
      credentials: null,
    });
    expect(jwt.headers.get('vary')).toMatch(/\bOrigin\b/);
    const me = await preflight('listed', '/asap/me', 'https://app.example.com:8443');
    expect(cors(me)).toEqual({
      status: 204,
      allowOrigin: 'https://app.example.com:8443',
      allowMethods: 'GET',
      allowHeaders: 'Authorization',
      maxAge: '600',
      credentials: null,
    });
  });

  test('`*.brand.example` allows its subdomains, not the bare domain', async () => {
    expect(cors(await preflight('listed', '/asap/jwt', 'https://help.brand.example')).allowOrigin).toBe('https://help.brand.example');
    const bare = await preflight('listed', '/asap/jwt', 'https://brand.example');
    expect([bare.status, bare.result, bare.headers.get('access-control-allow-origin')]).toEqual([403, 'origin_not_allowed', null]);
  });

  test('from a host not listed: 403 origin_not_allowed, JSON, no Access-Control-Allow-Origin', async () => {
    for (const path of ['/asap/jwt', '/asap/me'] as const) {
      const res = await preflight('listed', path, 'https://evil.example');
      expect(cors(res)).toEqual({ status: 403, allowOrigin: null, allowMethods: null, allowHeaders: null, maxAge: null, credentials: null });
      expect(res.result).toBe('origin_not_allowed');
      expect(res.json()).toMatchObject({ error: 'origin_not_allowed', message: 'Forbidden' });
      expect(res.json().detail).toContain('addOnDomains: app.example.com, *.brand.example');
    }
  });

  test('addOnDomains unset: loopback pages on any port are allowed, any other host refused', async () => {
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:5173', 'http://[::1]:8000', 'http://idp.localhost:4000', 'https://localhost']) {
      expect([origin, cors(await preflight('default', '/asap/jwt', origin)).allowOrigin]).toEqual([origin, origin]);
    }
    for (const origin of ['https://idp.example.com', 'http://127.0.0.2:3000', 'null', 'file://', 'chrome-extension://abc']) {
      const res = await preflight('default', '/asap/jwt', origin);
      expect([origin, res.status, res.result, res.headers.get('access-control-allow-origin')]).toEqual([origin, 403, 'origin_not_allowed', null]);
    }
  });

  test("addOnDomains: [] refuses even loopback pages, but never the receiver's own origin", async () => {
    expect((await preflight('none', '/asap/jwt', 'http://localhost:3000')).status).toBe(403);
    expect(cors(await preflight('none', '/asap/jwt', rx.url)).allowOrigin).toBe(rx.url);
  });

  test('a Private Network Access preflight is allowed for an allowed origin only', async () => {
    const pna = { 'Access-Control-Request-Private-Network': 'true' };
    expect((await preflight('listed', '/asap/jwt', 'https://app.example.com', pna)).headers.get('access-control-allow-private-network')).toBe('true');
    expect((await preflight('listed', '/asap/jwt', 'https://app.example.com')).headers.get('access-control-allow-private-network')).toBeNull();
    expect((await preflight('listed', '/asap/jwt', 'https://evil.example', pna)).headers.get('access-control-allow-private-network')).toBeNull();
  });

  test("an OPTIONS that is not a preflight gets the router's Allow; other profiles answer no CORS", async () => {
    const plain = await request(`${rx.url}/asap/jwt`, { method: 'OPTIONS' });
    expect([plain.status, plain.headers.get('allow'), plain.headers.get('access-control-allow-origin')]).toEqual([200, 'OPTIONS, POST', null]);
    const hf = await request(`${rx.url}/t/hf/jwt/`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'GET' },
    });
    expect(hf.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the requests themselves', () => {
  test("from an allowed origin: the exchange and /asap/me answer with the origin echoed and the receiver's headers readable", async () => {
    const origin = 'https://app.example.com';
    const res = await exchange('listed', { Origin: origin });
    expect([res.status, res.result, res.headers.get('access-control-allow-origin'), res.headers.get('access-control-expose-headers')]).toEqual([
      200,
      'accepted',
      origin,
      'X-Receiver-Result, WWW-Authenticate',
    ]);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const me = await request(`${tenantUrl('listed')}/asap/me`, { headers: { Origin: origin, Authorization: `Bearer ${res.json().access_token}` } });
    expect([me.status, me.result, me.headers.get('access-control-allow-origin')]).toEqual([200, 'accepted', origin]);
    // A refusal is readable by the page too: the code and the bearer challenge.
    const bad = await request(`${tenantUrl('listed')}/asap/me`, { headers: { Origin: origin, Authorization: 'Bearer nope' } });
    expect([bad.status, bad.result, bad.headers.get('access-control-allow-origin')]).toEqual([401, 'access_token_invalid', origin]);
    const refused = await exchange('listed', { Origin: origin }, JSON.stringify({ jwt: await zohoToken({ email_verified: false }) }));
    expect([refused.status, refused.result, refused.headers.get('access-control-allow-origin')]).toEqual([401, 'email_not_verified', origin]);
  });

  test('from a refused origin: 403 before the token is read (a form POST needs no preflight), so the token stays unspent', async () => {
    const jwt = await zohoToken();
    const attempts = (await rx.store.searchAttempts({ tenant: 'listed' })).length;
    const form = await request(`${tenantUrl('listed')}/asap/jwt`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
      body: new URLSearchParams({ jwt }),
    });
    expect([form.status, form.result, form.headers.get('access-control-allow-origin')]).toEqual([403, 'origin_not_allowed', null]);
    expect((await rx.store.searchAttempts({ tenant: 'listed' })).length).toBe(attempts);
    const me = await request(`${tenantUrl('listed')}/asap/me`, { headers: { Origin: 'https://evil.example', Authorization: 'Bearer x' } });
    expect([me.status, me.result]).toEqual([403, 'origin_not_allowed']);
    // The same token from the listed page is still good: the refused request spent nothing.
    expect((await exchange('listed', { Origin: 'https://app.example.com' }, JSON.stringify({ jwt }))).result).toBe('accepted');
  });

  test('without Origin (server to server) nothing changes: no CORS headers, the exchange answers', async () => {
    const res = await exchange('none', {});
    expect([res.status, res.result, res.headers.get('access-control-allow-origin'), res.headers.get('vary')]).toEqual([200, 'accepted', null, null]);
  });
});

describe('the option', () => {
  test('addOnDomains takes host names or *.domain, on Zoho ASAP tenants only', () => {
    expect(problemsOf({ tenants: [tenant('a', { options: { addOnDomains: ['app.example.com'] } })] })).toEqual([
      "tenants[0].options.addOnDomains is a zoho-asap option; this tenant's profile is happyfox",
    ]);
    const zoho = (addOnDomains: unknown) => ({ tenants: [{ id: 'z', profile: 'zoho-asap', secret: SECRET, options: { addOnDomains } }] });
    expect(problemsOf(zoho(['https://app.example.com']))).toEqual([
      'tenants[0].options.addOnDomains[0] must be a host name or *.domain (got "https://app.example.com")',
    ]);
    expect(problemsOf(zoho('app.example.com'))).toEqual(['tenants[0].options.addOnDomains must be an array (got string)']);
  });
});
