/**
 * Every consume response (accepted, refused, 400s) says what happened in `X-Receiver-Result`, is
 * never cached (`Cache-Control: no-store`: it answers a URL carrying a token, and may set a session)
 * and never leaks that URL onward (`Referrer-Policy: no-referrer`). Refusal pages show claim and
 * header values as text, never as markup.
 */
import {
  SECRET,
  T0,
  consumeUrl,
  freshJti,
  happyfoxToken,
  mojoToken,
  request,
  sign,
  startTestReceiver,
  type Answer,
  type TestReceiver,
} from '../helpers/receiver';
import { b64u, hmacSigned } from './support';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'mojo', profile: 'mojo', secret: SECRET },
      { id: 'wl', profile: 'happyfox', secret: SECRET, whitelist: { enabled: true, domains: ['idp.example.com'] } },
    ],
  });
});
afterAll(() => rx.stop());

function expectConsumeHeaders(res: Answer, result: string): void {
  expect({
    status: res.status < 500,
    result: res.result,
    cache: res.headers.get('cache-control'),
    referrer: res.headers.get('referrer-policy'),
    nosniff: res.headers.get('x-content-type-options'),
  }).toEqual({ status: true, result, cache: 'no-store', referrer: 'no-referrer', nosniff: 'nosniff' });
}

type Case = [label: string, result: string, url: () => Promise<string>, headers: Record<string, string>];

const hf = (params: Record<string, string>) => consumeUrl(rx.url, '/jwt/', params);

const CASES: Case[] = [
  ['accepted (302)', 'accepted', async () => hf({ token: await happyfoxToken(), return_to: '/tickets' }), {}],
  ['accepted on a tenant', 'accepted', async () => consumeUrl(rx.url, '/t/mojo/jwt/consume', { token: await mojoToken({ first_name: freshJti() }) }), {}],
  ['token_missing', 'token_missing', async () => `${rx.url}/jwt/`, {}],
  ['token_repeated', 'token_repeated', async () => `${rx.url}/jwt/?token=a.b.c&token=a.b.c`, {}],
  ['token_too_large', 'token_too_large', async () => hf({ token: 'A'.repeat(9000) }), {}],
  ['token_malformed', 'token_malformed', async () => hf({ token: 'not a jwt' }), {}],
  ['token_is_jwe', 'token_is_jwe', async () => hf({ token: 'a.b.c.d.e' }), {}],
  ['header_invalid', 'header_invalid', async () => hf({ token: hmacSigned('{"alg":"HS256","alg":"HS256"}', '{}') }), {}],
  ['payload_invalid', 'payload_invalid', async () => hf({ token: hmacSigned('{"alg":"HS256"}', '[]') }), {}],
  ['alg_not_allowed', 'alg_not_allowed', async () => hf({ token: `${b64u('{"alg":"none"}')}.${b64u(`{"iat":${T0}}`)}.` }), {}],
  ['signature_invalid', 'signature_invalid', async () => hf({ token: await happyfoxToken({}, 'wrong-secret-0123456789abcdefghij') }), {}],
  ['claim_missing', 'claim_missing', async () => hf({ token: await sign({ iat: T0, email: 'a@example.com' }) }), {}],
  ['token_expired', 'token_expired', async () => hf({ token: await happyfoxToken({ iat: T0 - 600 }) }), {}],
  ['referer_missing', 'referer_missing', async () => consumeUrl(rx.url, '/t/wl/jwt/', { token: await happyfoxToken() }), {}],
  [
    'domain_not_whitelisted',
    'domain_not_whitelisted',
    async () => consumeUrl(rx.url, '/t/wl/jwt/', { token: await happyfoxToken() }),
    { Referer: 'https://evil.com/' },
  ],
];

describe('consume responses carry X-Receiver-Result, Cache-Control: no-store, Referrer-Policy: no-referrer', () => {
  test.each(CASES)('%s (HTML)', async (_label, result, url, headers) => {
    expectConsumeHeaders(await request(await url(), { headers }), result);
  });

  test.each(CASES.filter(([label]) => !label.startsWith('accepted')))('%s (JSON)', async (_label, result, url, headers) => {
    const res = await request(await url(), { json: true, headers });
    expectConsumeHeaders(res, result);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json().error).toBe(result);
  });

  test('a replay', async () => {
    const token = await happyfoxToken();
    await request(hf({ token }));
    expectConsumeHeaders(await request(hf({ token }), { json: true }), 'token_replayed');
  });
});

describe('answers made before the consume route runs, to URLs that carry a token', () => {
  test("a consume URL over maxUrlBytes (the app's 414)", async () => {
    const res = await request(`${rx.url}/jwt/?token=${await happyfoxToken()}&pad=${'p'.repeat(17000)}`, { json: true });
    expectConsumeHeaders(res, 'request_too_large');
  });

  test('a consume URL with the path slightly wrong (route_unknown 404)', async () => {
    const res = await request(`${rx.url}/jwt?token=${await happyfoxToken()}`, { json: true });
    expectConsumeHeaders(res, 'route_unknown');
  });

  test('a consume URL with the wrong method (405) still says what happened, and is not cached', async () => {
    const res = await request(`${rx.url}/jwt/?token=${await happyfoxToken()}`, { method: 'POST', json: true });
    expect(res.status).toBe(405);
    expect(res.result).not.toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('a consume URL on an unknown tenant (404)', async () => {
    const res = await request(consumeUrl(rx.url, '/t/nope/jwt/', { token: await happyfoxToken() }), { json: true });
    expectConsumeHeaders(res, 'tenant_unknown');
  });
});

describe('refusal pages show claim and header values as text', () => {
  const XSS = '<script>alert(1)</script>';

  test('a name with a script tag in a refused token never appears as markup', async () => {
    const res = await request(hf({ token: await happyfoxToken({ name: XSS, iat: T0 - 600 }) }));
    expect(res.result).toBe('token_expired');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.body).not.toContain(XSS);
    expect(res.body).not.toMatch(/<script/i);
  });

  test('an iat string holding markup is shown escaped in the failing check', async () => {
    const res = await request(hf({ token: await happyfoxToken({ iat: XSS, name: XSS }) }));
    expect(res.result).toBe('claim_invalid');
    expect(res.body).not.toContain(XSS);
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('an alg holding markup is shown escaped', async () => {
    const alg = '<img src=x onerror=alert(1)>';
    const res = await request(hf({ token: `${b64u(JSON.stringify({ alg }))}.${b64u(`{"iat":${T0}}`)}.` }));
    expect(res.result).toBe('alg_not_allowed');
    expect(res.body).not.toContain(alg);
    expect(res.body).not.toMatch(/<img/i);
    expect(res.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('a typ and crit holding markup are shown escaped', async () => {
    const token = await sign({ iat: T0 - 600, jti: freshJti(), email: 'x@example.com' }, SECRET, { typ: '"><svg onload=alert(1)>' });
    const res = await request(hf({ token }));
    expect(res.result).toBe('token_expired');
    expect(res.body).not.toMatch(/<svg/i);
    const crit = hmacSigned(JSON.stringify({ alg: 'HS256', crit: ['<svg onload=alert(2)>'] }), `{"iat":${T0}}`);
    const res2 = await request(hf({ token: crit }));
    expect(res2.result).toBe('header_unsupported');
    expect(res2.body).not.toMatch(/<svg/i);
  });

  test('after an accepted login the portal shows the name as text too', async () => {
    const res = await request(hf({ token: await happyfoxToken({ name: XSS, email: 'xss@example.com' }) }));
    expect(res.result).toBe('accepted');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const page = await request(`${rx.url}/home`, { headers: { cookie } });
    expect(page.body).toContain('xss@example.com');
    expect(page.body).not.toContain(XSS);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });
});
