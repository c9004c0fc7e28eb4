/**
 * RFC 8725 (JWT Best Current Practices) and RFC 7515 refusals, through the real consume route: every
 * hostile or malformed token gets a 4xx with its stable code, never a 5xx and never a login.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactEncrypt, CompactSign, SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { SECRET, T0, consumeUrl, freshJti, happyfoxToken, mojoToken, request, sign, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { b64u, expectCode, hmacSigned, partsOf, secretKey } from './support';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'mojo', profile: 'mojo', secret: SECRET },
      { id: 'small', profile: 'happyfox', secret: SECRET, options: { maxTokenBytes: 256 } },
    ],
  });
});
afterAll(() => rx.stop());

/** The HappyFox consume URL of the default tenant, JSON errors asked for. */
const consume = (token: string, extra: Record<string, string> = {}) => request(consumeUrl(rx.url, '/jwt/', { token, ...extra }), { json: true });
/** The same, with the query string written by hand (nothing encoded). */
const consumeRaw = (query: string) => request(`${rx.url}/jwt/?${query}`, { json: true });

const claims = (extra: Record<string, unknown> = {}) => ({ iat: T0, jti: freshJti(), email: 'jane@example.com', name: 'Jane Doe', ...extra });
const claimsText = (extra: Record<string, unknown> = {}) => JSON.stringify(claims(extra));

test('the baseline token these tests vary is accepted', async () => {
  const res = await consume(await happyfoxToken());
  expect(res.status).toBe(302);
  expect(res.result).toBe('accepted');
});

describe('alg "none" is refused in every spelling (RFC 8725 §3.1)', () => {
  const spellings = ['none', 'None', 'NONE', 'nOnE'];

  test.each(spellings)('alg %s with an empty signature', async (alg) => {
    const token = `${b64u(JSON.stringify({ alg, typ: 'JWT' }))}.${b64u(claimsText())}.`;
    expectCode(await consume(token), 'alg_not_allowed', 401);
  });

  test.each(spellings)('alg %s with an HMAC made with the right secret', async (alg) => {
    const token = hmacSigned(JSON.stringify({ alg, typ: 'JWT' }), claimsText());
    expectCode(await consume(token), 'alg_not_allowed', 401);
  });

  test('alg none on the Mojo route as well', async () => {
    const body = JSON.stringify({ iat: T0, email: 'john@example.com' });
    const res = await request(consumeUrl(rx.url, '/t/mojo/jwt/consume', { token: `${b64u('{"alg":"none"}')}.${b64u(body)}.` }), { json: true });
    expectCode(res, 'alg_not_allowed', 401);
  });

  test('a header without alg, or with a non-string alg', async () => {
    expectCode(await consume(hmacSigned('{"typ":"JWT"}', claimsText())), 'alg_not_allowed', 401);
    expectCode(await consume(hmacSigned('{"alg":["HS256"]}', claimsText())), 'alg_not_allowed', 401);
  });
});

describe('only the vendor algorithm, never one chosen by the token', () => {
  test.each(['HS384', 'HS512'])('%s signed with the RIGHT secret is refused', async (alg) => {
    const token = await sign(claims(), SECRET, { alg });
    expectCode(await consume(token), 'alg_not_allowed', 401);
  });

  test('"hs256" in lower case with a valid HMAC is refused (names are case-sensitive)', async () => {
    expectCode(await consume(hmacSigned('{"alg":"hs256","typ":"JWT"}', claimsText())), 'alg_not_allowed', 401);
  });

  test('RS256 signed with a real RSA key is refused', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(privateKey);
    expectCode(await consume(token), 'alg_not_allowed', 401);
  });

  test('ES256 signed with a real EC key is refused', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    expectCode(await consume(token), 'alg_not_allowed', 401);
  });

  test('RS256 -> HS256 key confusion: HS256 keyed with the public key PEM is just a bad signature', async () => {
    const { publicKey } = await generateKeyPair('RS256');
    const pem = await exportSPKI(publicKey);
    const token = await sign(claims(), pem);
    expectCode(await consume(token), 'signature_invalid', 401);
  });

  test('RS256 with its own public key embedded as jwk (CVE-2018-0114 style) is refused', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = await exportJWK(publicKey);
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', jwk }).sign(privateKey);
    expectCode(await consume(token), 'alg_not_allowed', 401);
  });
});

describe('header extensions the vendor does not implement are refused, not ignored', () => {
  test('an unknown crit extension (with a valid HMAC)', async () => {
    const token = await new CompactSign(new TextEncoder().encode(claimsText()))
      .setProtectedHeader({ alg: 'HS256', crit: ['urn:example:must-understand'], 'urn:example:must-understand': true })
      .sign(secretKey(), { crit: { 'urn:example:must-understand': true } });
    expectCode(await consume(token), 'header_unsupported', 401);
  });

  test('b64:false with crit b64, its unencoded payload happening to be base64url (valid under both readings)', async () => {
    // RFC 7797: the signing input is header "." + the payload bytes as they are. When those bytes are
    // themselves base64url of a claims object, the token reads as an ordinary valid JWS, too.
    const payloadText = b64u(claimsText());
    const detached = await new CompactSign(new TextEncoder().encode(payloadText))
      .setProtectedHeader({ alg: 'HS256', b64: false, crit: ['b64'] })
      .sign(secretKey());
    const [header, , signature] = partsOf(detached);
    expectCode(await consume(`${header}.${payloadText}.${signature}`), 'header_unsupported', 401);
  });

  test('b64:false with a detached (empty) payload, as jose emits it', async () => {
    const detached = await new CompactSign(new TextEncoder().encode(claimsText()))
      .setProtectedHeader({ alg: 'HS256', b64: false, crit: ['b64'] })
      .sign(secretKey());
    expect(partsOf(detached)[1]).toBe('');
    expectCode(await consume(detached), 'token_malformed', 400);
  });

  test('b64:false with the raw JSON payload in place', async () => {
    const text = JSON.stringify({ iat: T0, jti: freshJti(), email: 'jane@example', name: 'Jane' }); // no "." in it
    const detached = await new CompactSign(new TextEncoder().encode(text)).setProtectedHeader({ alg: 'HS256', b64: false, crit: ['b64'] }).sign(secretKey());
    const [header, , signature] = partsOf(detached);
    expectCode(await consume(`${header}.${text}.${signature}`), 'token_malformed', 400);
  });

  test('b64:false without crit (validly signed)', async () => {
    expectCode(await consume(hmacSigned('{"alg":"HS256","b64":false}', claimsText())), 'header_unsupported', 401);
  });

  test('zip in a JWS header (validly signed)', async () => {
    expectCode(await consume(await sign(claims(), SECRET, { zip: 'DEF' })), 'header_unsupported', 401);
  });
});

describe('JWE and nested tokens', () => {
  test('a real five-part JWE (dir + A256GCM) is token_is_jwe', async () => {
    const key = new Uint8Array(32).fill(7);
    const jwe = await new CompactEncrypt(new TextEncoder().encode(claimsText())).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(key);
    expect(jwe.split('.')).toHaveLength(5);
    expectCode(await consume(jwe), 'token_is_jwe', 400);
  });

  test('any five base64url parts are token_is_jwe', async () => {
    expectCode(await consume(['eyJhbGciOiJkaXIifQ', '', 'AAAA', 'BBBB', 'CCCC'].join('.')), 'token_is_jwe', 400);
  });

  test('a nested JWT (cty JWT, the payload a signed JWT) is token_nested', async () => {
    const inner = await happyfoxToken();
    const outer = await new CompactSign(new TextEncoder().encode(inner)).setProtectedHeader({ alg: 'HS256', cty: 'JWT' }).sign(secretKey());
    expectCode(await consume(outer), 'token_nested', 401);
  });

  test('cty JWT over a claims object is token_nested too', async () => {
    expectCode(await consume(await sign(claims(), SECRET, { cty: 'jwt' })), 'token_nested', 401);
  });

  test.each([
    ['two parts', (t: string) => t.split('.').slice(0, 2).join('.')],
    ['four parts', (t: string) => `${t}.AAAA`],
    ['one part', (t: string) => t.replace(/\./g, '')],
  ])('%s is token_malformed', async (_label, mangle) => {
    expectCode(await consume(mangle(await happyfoxToken())), 'token_malformed', 400);
  });
});

describe('compact serialisation is read strictly', () => {
  test('"=" padding on a part', async () => {
    const [h, p, s] = partsOf(await happyfoxToken());
    expectCode(await consume(`${h}.${p}.${s}=`), 'token_malformed', 400);
    const headerText = JSON.stringify({ alg: 'HS256', typ: 'JWT', x: 12 }); // 34 bytes: base64 pads with "=="
    const padded = Buffer.from(headerText).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    expect(padded).toMatch(/==$/);
    expectCode(await consume(hmacSigned(headerText, claimsText()).replace(/^[^.]*/, padded)), 'token_malformed', 400);
  });

  test.each([
    ['a trailing space', (t: string) => `${t} `],
    ['a leading space', (t: string) => ` ${t}`],
    ['a newline between parts', (t: string) => t.replace('.', '.\n')],
    ['a tab inside the signature', (t: string) => `${t.slice(0, -5)}\t${t.slice(-5)}`],
  ])('white space: %s', async (_label, mangle) => {
    expectCode(await consume(mangle(await happyfoxToken())), 'token_malformed', 400);
  });

  test('a "+" written unencoded in the query arrives as a space', async () => {
    const token = await happyfoxToken();
    const withPlus = `${token.slice(0, -3)}+${token.slice(-2)}`;
    expectCode(await consumeRaw(`token=${withPlus}`), 'token_malformed', 400);
  });

  test('standard base64 ("+" and "/") instead of base64url, properly URL-encoded', async () => {
    // Mint (deterministically: frozen iat, fixed jti) until the signature in base64 has a "+" or "/".
    let found: string | undefined;
    for (let i = 0; i < 64 && !found; i += 1) {
      const t = await sign({ iat: T0, jti: `plus-slash-${i}`, email: 'jane@example.com' });
      const [h, p, s] = partsOf(t);
      const std = Buffer.from(s, 'base64url').toString('base64').replace(/=+$/, '');
      if (/[+/]/.test(std)) found = `${h}.${p}.${std}`;
    }
    expect(found).toBeDefined();
    expectCode(await consume(found as string), 'token_malformed', 400);
  });

  test("non-canonical base64url: the spare low bits of the signature's last character flipped", async () => {
    const token = await happyfoxToken();
    const [h, p, s] = partsOf(token);
    expect(s).toHaveLength(43); // 32 bytes: the last character carries 2 spare bits
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(s.slice(-1));
    const flipped = `${s.slice(0, -1)}${alphabet[last ^ 0b01]}`;
    // Node's (and so jose's) decoder reads the same 32 bytes: only a canonical check can tell.
    expect(Buffer.from(flipped, 'base64url').equals(Buffer.from(s, 'base64url'))).toBe(true);
    expectCode(await consume(`${h}.${p}.${flipped}`), 'token_malformed', 400);
    // ...and the same token untouched is still good (the refusal is about the encoding).
    expect((await consume(token)).result).toBe('accepted');
  });

  test('non-canonical base64url in the payload part', async () => {
    // 11 bytes of JSON -> 15 characters whose last carries 2 spare bits.
    const text = '{"iat":1.0}';
    const part = b64u(text);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const spare = part.length % 4 === 3 ? 0b11 : 0b1111;
    const last = alphabet.indexOf(part.slice(-1));
    const noisy = `${part.slice(0, -1)}${alphabet[(last & ~spare) | 1]}`;
    expect(Buffer.from(noisy, 'base64url').toString()).toBe(text);
    const token = hmacSigned('{"alg":"HS256"}', text);
    const [h, , s] = partsOf(token);
    expectCode(await consume(`${h}.${noisy}.${s}`), 'token_malformed', 400);
  });

  test('characters outside base64url', async () => {
    const [h, p, s] = partsOf(await happyfoxToken());
    expectCode(await consume(`${h}.${p}.${s.slice(0, -1)}!`), 'token_malformed', 400);
    expectCode(await consume(`${h}*.${p}.${s}`), 'token_malformed', 400);
  });
});

describe('header and payload are JSON objects in UTF-8 without duplicate members', () => {
  test('duplicate alg in the header, the HMAC otherwise valid', async () => {
    expectCode(await consume(hmacSigned('{"alg":"HS256","alg":"none"}', claimsText())), 'header_invalid', 400);
    // JSON.parse keeps the last member: this one would read as a valid HS256 header.
    expectCode(await consume(hmacSigned('{"alg":"none","alg":"HS256"}', claimsText())), 'header_invalid', 400);
  });

  test('a duplicate hidden behind a \\u escape', async () => {
    expectCode(await consume(hmacSigned('{"alg":"none","\\u0061lg":"HS256"}', claimsText())), 'header_invalid', 400);
  });

  test('duplicate email in the payload (which one would the vendor log in?)', async () => {
    const text = `{"iat":${T0},"jti":"${freshJti()}","email":"victim@example.com","name":"V","email":"attacker@example.com"}`;
    expectCode(await consume(hmacSigned('{"alg":"HS256","typ":"JWT"}', text)), 'payload_invalid', 400);
  });

  test('a duplicate member nested inside a payload object', async () => {
    const text = `{"iat":${T0},"jti":"${freshJti()}","email":"jane@example.com","extra":{"role":"user","role":"admin"}}`;
    expectCode(await consume(hmacSigned('{"alg":"HS256"}', text)), 'payload_invalid', 400);
  });

  test('invalid UTF-8 in the header', async () => {
    const header = Buffer.concat([Buffer.from('{"alg":"HS256","x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    expectCode(await consume(hmacSigned(header, claimsText())), 'header_invalid', 400);
  });

  test.each([
    ['a stray 0xff byte', [0xff]],
    ['an encoded surrogate (CESU)', [0xed, 0xa0, 0x80]],
    ['an overlong "/"', [0xc0, 0xaf]],
  ])('invalid UTF-8 in the payload: %s', async (_label, bytes) => {
    const payload = Buffer.concat([
      Buffer.from(`{"iat":${T0},"jti":"${freshJti()}","email":"jane@example.com","name":"`),
      Buffer.from(bytes),
      Buffer.from('"}'),
    ]);
    expectCode(await consume(hmacSigned('{"alg":"HS256"}', payload)), 'payload_invalid', 400);
  });

  test.each([
    ['a JSON array', `[{"iat":${T0}}]`],
    ['a JSON string', '"jane@example.com"'],
    ['a JSON number', `${T0}`],
    ['null', 'null'],
    ['not JSON at all', 'hello'],
    ['empty', ''],
  ])('a validly signed payload that is %s', async (_label, text) => {
    const res = await consume(hmacSigned('{"alg":"HS256"}', text));
    expectCode(res, text === '' ? 'token_malformed' : 'payload_invalid', 400);
  });

  test('a header that is a JSON array', async () => {
    expectCode(await consume(hmacSigned('[{"alg":"HS256"}]', claimsText())), 'header_invalid', 400);
  });

  test('a deeply nested payload is refused without a 5xx', async () => {
    const depth = 2500;
    const text = `{"iat":${T0},"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const res = await consume(hmacSigned('{"alg":"HS256"}', text, 'not-the-secret'));
    expect(res.status).toBeLessThan(500);
    expect(['payload_invalid', 'signature_invalid', 'token_too_large']).toContain(res.result);
  });

  test('"__proto__" in the payload pollutes nothing and logs in nobody else', async () => {
    const text = `{"iat":${T0},"jti":"${freshJti()}","email":"proto@example.com","__proto__":{"email":"admin@example.com","accepted":true}}`;
    const res = await consume(hmacSigned('{"alg":"HS256"}', text));
    expect(res.result).toBe('accepted');
    expect(({} as Record<string, unknown>).accepted).toBeUndefined();
    const [attempt] = await rx.store.searchAttempts({ tenant: 'default', limit: 1 });
    expect(attempt?.email).toBe('proto@example.com');
  });
});

describe('signatures', () => {
  test('a wrong secret is signature_invalid', async () => {
    expectCode(await consume(await happyfoxToken({}, 'the-wrong-secret-0123456789abcdef')), 'signature_invalid', 401);
  });

  test('a secret that is the right one truncated is signature_invalid', async () => {
    expectCode(await consume(await happyfoxToken({}, SECRET.slice(0, 16))), 'signature_invalid', 401);
  });

  test('a truncated signature is refused', async () => {
    const [h, p, s] = partsOf(await happyfoxToken());
    expectCode(await consume(`${h}.${p}.${s.slice(0, 40)}`), 'signature_invalid', 401); // 30 whole bytes
    // 42 characters carry 4 bits past the 31st byte; a last character whose low bits are set ('B') is never canonical.
    expectCode(await consume(`${h}.${p}.${s.slice(0, 41)}B`), 'token_malformed', 400);
    expectCode(await consume(`${h}.${p}.`), 'signature_invalid', 401);
  });

  test('a signature over a different payload (claims swapped after signing)', async () => {
    const [h, , s] = partsOf(await happyfoxToken({ email: 'jane@example.com' }));
    const [, p2] = partsOf(await happyfoxToken({ email: 'admin@example.com' }));
    expectCode(await consume(`${h}.${p2}.${s}`), 'signature_invalid', 401);
  });
});

describe('key hints in the header are never trusted', () => {
  let hits = 0;
  let keyServer: Server;
  let keyUrl: string;
  beforeAll(async () => {
    keyServer = createServer((_req, res) => {
      hits += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [{ kty: 'oct', k: b64u('attacker-secret-0123456789abcdef') }] }));
    });
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    keyUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => keyServer.close(() => resolve())));

  const attacker = 'attacker-secret-0123456789abcdef';

  test('an embedded jwk holding the key the token was signed with', async () => {
    const token = await sign(claims(), attacker, { jwk: { kty: 'oct', k: b64u(attacker) } });
    expectCode(await consume(token), 'signature_invalid', 401);
  });

  test('a jku / x5u pointing at a key server: refused, and the URL is never fetched', async () => {
    expectCode(await consume(await sign(claims(), attacker, { jku: keyUrl, kid: 'k1' })), 'signature_invalid', 401);
    expectCode(await consume(await sign(claims(), attacker, { x5u: keyUrl })), 'signature_invalid', 401);
    expect(hits).toBe(0);
  });

  test('a kid naming something else does not pick the key', async () => {
    expectCode(await consume(await sign(claims(), attacker, { kid: '../../../dev/null' })), 'signature_invalid', 401);
    expectCode(await consume(await sign(claims(), attacker, { kid: "' OR 1=1 --" })), 'signature_invalid', 401);
  });

  test('with the right secret, key hints are only a warning in the verdict', async () => {
    const res = await consume(await sign(claims(), SECRET, { kid: 'whatever', jku: keyUrl }));
    expect(res.result).toBe('accepted');
    const [attempt] = await rx.store.searchAttempts({ tenant: 'default', limit: 1 });
    expect(attempt?.checks).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'header', status: 'warn' })]));
    expect(hits).toBe(0);
  });
});

describe('the token parameter itself', () => {
  test('missing', async () => {
    expectCode(await consumeRaw('return_to=/tickets'), 'token_missing', 400);
    expectCode(await request(`${rx.url}/jwt/`, { json: true }), 'token_missing', 400);
  });

  test('empty', async () => {
    expectCode(await consumeRaw('token='), 'token_missing', 400);
    expectCode(await consumeRaw('token'), 'token_missing', 400);
  });

  test('repeated, even when one copy is valid', async () => {
    const good = await happyfoxToken();
    expectCode(await consumeRaw(`token=${good}&token=${good}`), 'token_repeated', 400);
    expectCode(await consumeRaw(`token=&token=${good}`), 'token_repeated', 400);
    expectCode(await consumeRaw(`token=${await happyfoxToken({}, 'wrong-secret-wrong-secret-000000')}&token=${good}`), 'token_repeated', 400);
    // The jti was not spent by the refused requests.
    expect((await consume(good)).result).toBe('accepted');
  });

  test('repeated on the Mojo route', async () => {
    const good = await mojoToken();
    expectCode(await request(`${rx.url}/t/mojo/jwt/consume?token=${good}&token=${good}`, { json: true }), 'token_repeated', 400);
  });

  test('over maxTokenBytes (default 8192) is token_too_large', async () => {
    const token = await happyfoxToken({ name: 'x'.repeat(9000) });
    expect(token.length).toBeGreaterThan(8192);
    expectCode(await consume(token), 'token_too_large', 400);
  });

  test("over a tenant's own maxTokenBytes (256) is token_too_large, and under it is fine", async () => {
    const big = await happyfoxToken({ name: 'x'.repeat(200) });
    expect(big.length).toBeGreaterThan(256);
    expectCode(await request(consumeUrl(rx.url, '/t/small/jwt/', { token: big }), { json: true }), 'token_too_large', 400);
    const fits = await happyfoxToken({ name: 'J' });
    expect(fits.length).toBeLessThanOrEqual(256);
    expect((await request(consumeUrl(rx.url, '/t/small/jwt/', { token: fits }))).result).toBe('accepted');
  });

  test('a token too large is refused before any parsing (garbage of that size is token_too_large too)', async () => {
    expectCode(await consume('A'.repeat(8193)), 'token_too_large', 400);
  });
});
