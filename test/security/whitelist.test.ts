/**
 * HappyFox "Allow JWT login only from whitelisted domains" (vendors.md §1 and ambiguity 1): by the
 * Referer/Origin host, by the email's domain, or by either. Hosts match exactly, case-insensitively,
 * IDN in punycode; `*.x` matches the subdomains of x only.
 */
import { SECRET, consumeUrl, happyfoxToken, request, startTestReceiver, type Answer, type TestReceiver } from '../helpers/receiver';
import { expectCode } from './support';

const wl = (mode: string, domains: string[], allowMissingReferer = false) => ({ enabled: true, mode, domains, allowMissingReferer });
const tenant = (id: string, whitelist?: object) => ({ id, profile: 'happyfox', secret: SECRET, ...(whitelist ? { whitelist } : {}) });

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      tenant('default'),
      tenant('exact', wl('referer', ['idp.example.com'])),
      tenant('wild', wl('referer', ['*.example.com'])),
      tenant('wildself', wl('referer', ['*.example.com', 'example.com'])),
      tenant('mixed', wl('referer', ['IdP.Example.COM'])),
      tenant('idn', wl('referer', ['bücher.example'])),
      tenant('puny', wl('referer', ['xn--bcher-kva.example'])),
      tenant('ci', wl('referer', ['idp.example.com'], true)),
      tenant('mail', wl('email', ['acme.example'])),
      tenant('either', wl('either', ['idp.example.com', 'acme.example'])),
      tenant('eitherci', wl('either', ['idp.example.com', 'acme.example'], true)),
    ],
  });
});
afterAll(() => rx.stop());

/** A login at tenant `id` (good token) with the given request headers and token claims. */
async function login(id: string, headers: Record<string, string> = {}, claims: Record<string, unknown> = {}): Promise<Answer> {
  const base = id === 'default' ? '' : `/t/${id}`;
  return request(consumeUrl(rx.url, `${base}/jwt/`, { token: await happyfoxToken(claims) }), { json: true, headers });
}
const referer = (url: string) => ({ Referer: url });

const expectAccepted = (res: Answer) => expect({ status: res.status, result: res.result }).toEqual({ status: 302, result: 'accepted' });

test('whitelisting is off by default: no Referer needed', async () => {
  expectAccepted(await login('default'));
});

describe('referer mode: exact host', () => {
  test('the listed host is accepted (any path, port, query)', async () => {
    expectAccepted(await login('exact', referer('https://idp.example.com/sso/start?next=/x')));
    expectAccepted(await login('exact', referer('http://idp.example.com:8443/')));
  });

  test('a trailing dot on the Referer host is the same host', async () => {
    expectAccepted(await login('exact', referer('https://idp.example.com./')));
  });

  test.each([
    ['another host', 'https://evil.com/'],
    ['a suffix trick', 'https://idp.example.com.evil.com/'],
    ['a prefix trick', 'https://evilidp.example.com/'],
    ['a subdomain of the listed host', 'https://a.idp.example.com/'],
    ['the parent domain', 'https://example.com/'],
    ['userinfo that looks like the host', 'https://idp.example.com@evil.com/'],
    ['the host in the path', 'https://evil.com/idp.example.com'],
    ['the host in the query', 'https://evil.com/?r=https://idp.example.com/'],
  ])('%s is domain_not_whitelisted', async (_label, url) => {
    expectCode(await login('exact', referer(url)), 'domain_not_whitelisted', 401);
  });

  test('a Referer that is not an http(s) URL is refused as not whitelisted, never as the host it mentions', async () => {
    expectCode(await login('exact', referer('javascript:alert(1)//idp.example.com')), 'domain_not_whitelisted', 401);
    expectCode(await login('exact', referer('idp.example.com')), 'domain_not_whitelisted', 401);
  });
});

describe('referer mode: *.domain wildcards', () => {
  test('*.example.com matches sub.example.com and deeper', async () => {
    expectAccepted(await login('wild', referer('https://sub.example.com/')));
    expectAccepted(await login('wild', referer('https://a.b.example.com/')));
  });

  test('*.example.com does NOT match example.com itself', async () => {
    expectCode(await login('wild', referer('https://example.com/')), 'domain_not_whitelisted', 401);
  });

  test('*.example.com does not match look-alikes', async () => {
    expectCode(await login('wild', referer('https://evilexample.com/')), 'domain_not_whitelisted', 401);
    expectCode(await login('wild', referer('https://example.com.evil.com/')), 'domain_not_whitelisted', 401);
    expectCode(await login('wild', referer('https://sub.example.com@evil.com/')), 'domain_not_whitelisted', 401);
  });

  test('example.com matches when it is listed as well', async () => {
    expectAccepted(await login('wildself', referer('https://example.com/')));
    expectAccepted(await login('wildself', referer('https://sub.example.com/')));
  });
});

describe('referer mode: case and IDN', () => {
  test('a host listed in mixed case matches a lower-case Referer', async () => {
    expectAccepted(await login('mixed', referer('https://idp.example.com/')));
  });

  test('an upper-case Referer host matches a lower-case listing', async () => {
    expectAccepted(await login('exact', referer('https://IDP.EXAMPLE.COM/')));
  });

  test('bücher.example listed, the Referer in punycode', async () => {
    expectAccepted(await login('idn', referer('https://xn--bcher-kva.example/')));
  });

  test('xn--bcher-kva.example listed, the Referer host percent-encoded UTF-8', async () => {
    expectAccepted(await login('puny', referer('https://b%C3%BCcher.example/')));
  });

  test('xn--bcher-kva.example listed, the Referer host in Unicode (as fetch sends it)', async () => {
    expectAccepted(await login('puny', referer('https://bücher.example/')));
  });

  test('a homoglyph host (Cyrillic "е") is not the listed host', async () => {
    const homoglyph = new URL('https://idp.\u0435xample.com/').href; // as a browser sends it: in punycode
    expect(homoglyph).toMatch(/^https:\/\/idp\.xn--/);
    expectCode(await login('exact', referer(homoglyph)), 'domain_not_whitelisted', 401);
  });
});

describe('referer mode: missing Referer, and Origin', () => {
  test('no Referer and no Origin is referer_missing', async () => {
    expectCode(await login('exact'), 'referer_missing', 401);
  });

  test('allowMissingReferer lets a request without either through', async () => {
    expectAccepted(await login('ci'));
  });

  test('allowMissingReferer does not let a wrong Referer through', async () => {
    expectCode(await login('ci', referer('https://evil.com/')), 'domain_not_whitelisted', 401);
  });

  test('Origin is used when Referer is absent', async () => {
    expectAccepted(await login('exact', { Origin: 'https://idp.example.com' }));
    expectCode(await login('exact', { Origin: 'https://evil.com' }), 'domain_not_whitelisted', 401);
  });

  test('Origin "null" (an opaque origin) counts as none', async () => {
    expectCode(await login('exact', { Origin: 'null' }), 'referer_missing', 401);
  });

  test('a listed Origin does not rescue a Referer from another host', async () => {
    expectCode(await login('exact', { Referer: 'https://evil.com/', Origin: 'https://idp.example.com' }), 'domain_not_whitelisted', 401);
  });
});

describe('email mode', () => {
  test('u@acme.example is accepted, whatever the Referer', async () => {
    expectAccepted(await login('mail', {}, { email: 'u@acme.example' }));
    expectAccepted(await login('mail', referer('https://evil.com/'), { email: 'U@ACME.Example' }));
  });

  test('u@acme.example.evil.com is domain_not_whitelisted', async () => {
    expectCode(await login('mail', {}, { email: 'u@acme.example.evil.com' }), 'domain_not_whitelisted', 401);
  });

  test('u@evil.com is domain_not_whitelisted', async () => {
    expectCode(await login('mail', {}, { email: 'u@evil.com' }), 'domain_not_whitelisted', 401);
  });

  test('a subdomain of the listed domain is not the domain', async () => {
    expectCode(await login('mail', {}, { email: 'u@sub.acme.example' }), 'domain_not_whitelisted', 401);
  });

  test('"u@acme.example"@evil.com (quoted local part) is refused', async () => {
    const res = await login('mail', {}, { email: '"u@acme.example"@evil.com' });
    expect(res.status).toBe(401);
    expect(['claim_invalid', 'domain_not_whitelisted']).toContain(res.result);
  });

  test.each([
    ['an address hidden in the local part', 'u@acme.example\n@evil.com'],
    ['two @ signs', 'u@evil.com@acme.example.evil.com'],
    ['a homoglyph domain', 'u@\u0430cme.example'],
    ['a percent-encoded @', 'u%40acme.example@evil.com'],
  ])('%s is refused', async (_label, email) => {
    const res = await login('mail', {}, { email });
    expect(res.status).toBe(401);
    expect(['claim_invalid', 'domain_not_whitelisted']).toContain(res.result);
  });

  test('a whitelisted email under a refused Referer would not matter, but a bad email is refused even from a good Referer', async () => {
    expectCode(await login('mail', referer('https://acme.example/'), { email: 'u@evil.com' }), 'domain_not_whitelisted', 401);
  });
});

describe('either mode', () => {
  test('a listed Referer with an unlisted email', async () => {
    expectAccepted(await login('either', referer('https://idp.example.com/'), { email: 'u@evil.com' }));
  });

  test('an unlisted Referer with a listed email', async () => {
    expectAccepted(await login('either', referer('https://evil.com/'), { email: 'u@acme.example' }));
  });

  test('no Referer with a listed email', async () => {
    expectAccepted(await login('either', {}, { email: 'u@acme.example' }));
  });

  test('neither listed is domain_not_whitelisted', async () => {
    expectCode(await login('either', referer('https://evil.com/'), { email: 'u@evil.com' }), 'domain_not_whitelisted', 401);
  });

  test('no Referer and an unlisted email is referer_missing', async () => {
    expectCode(await login('either', {}, { email: 'u@evil.com' }), 'referer_missing', 401);
  });

  test('allowMissingReferer does not let an unlisted email through in either mode: the email decides', async () => {
    expectCode(await login('eitherci', {}, { email: 'u@evil.com' }), 'referer_missing', 401);
    expectAccepted(await login('eitherci', {}, { email: 'u@acme.example' }));
  });

  test('an unreadable Referer is not a missing one: refused whatever allowMissingReferer says', async () => {
    expectCode(await login('eitherci', referer('http://[::1'), { email: 'u@evil.com' }), 'domain_not_whitelisted', 401);
    expectCode(await login('ci', referer('http://[::1')), 'domain_not_whitelisted', 401);
  });

  test('the email-mode probes are refused here too when the Referer is not listed', async () => {
    expectCode(await login('either', referer('https://evil.com/'), { email: 'u@acme.example.evil.com' }), 'domain_not_whitelisted', 401);
    expect((await login('either', referer('https://evil.com/'), { email: '"u@acme.example"@evil.com' })).status).toBe(401);
  });
});

test('a refused whitelist check spends no jti: the same token from a listed host then works', async () => {
  const token = await happyfoxToken();
  const url = consumeUrl(rx.url, '/t/exact/jwt/', { token });
  expectCode(await request(url, { json: true, headers: referer('https://evil.com/') }), 'domain_not_whitelisted', 401);
  expectAccepted(await request(url, { headers: referer('https://idp.example.com/') }));
});
