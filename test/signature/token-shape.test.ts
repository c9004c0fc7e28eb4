import { SECRET, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { b64u, happyfoxClaims, mistakenToken, refuse } from './support';

/**
 * The right secret, but the wrong algorithm, the wrong text signed, or the digest written the
 * wrong way: each is still signature_invalid with the vendor's words, names the mistake and says
 * how to fix it, without the secret appearing anywhere.
 */

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'desk512', profile: 'deskpro', secret: SECRET, options: { algorithm: 'HS512' } },
    ],
  });
});
afterAll(() => rx.stop());

async function expectSignatureFinding(token: string, finding: string, named: RegExp, hint: RegExp, route = {}, vendorMessage = 'JWT login failed') {
  const { answer, body, failed } = await refuse(rx, token, [SECRET], route);
  expect({ status: answer.status, result: answer.result }).toEqual({ status: 401, result: 'signature_invalid' });
  expect(body).toMatchObject({ error: 'signature_invalid', message: vendorMessage, check: 'signature', finding });
  expect(body.detail).toMatch(named);
  expect(body.hint).toMatch(hint);
  expect(failed).toMatchObject({ code: 'signature_invalid', finding, message: body.detail, hint: body.hint });
}

describe('another HMAC algorithm than the header names', () => {
  const SIGN_HS256 =
    /^sign with the algorithm the header names, HS256; .*Python: jwt\.encode\(claims, secret, algorithm="HS256"\).*C#: new SigningCredentials\(.*SecurityAlgorithms\.HmacSha256\)/;
  test.each([
    ['sha384', 'HS384'],
    ['sha512', 'HS512'],
  ] as const)('header HS256, signed with %s', (hash, alg) =>
    expectSignatureFinding(
      mistakenToken(SECRET, { hash }),
      'alg_mismatch',
      new RegExp(`does not match the tenant's secret with HS256, the header's algorithm, but matches the tenant's secret with ${alg}:`),
      SIGN_HS256,
    ),
  );

  test('header HS256, signed with HMAC-SHA1 (20 bytes)', () =>
    expectSignatureFinding(
      mistakenToken(SECRET, { hash: 'sha1' }),
      'alg_mismatch',
      /but matches the tenant's secret with HMAC-SHA1 \(which no JWS algorithm uses\)/,
      SIGN_HS256,
    ));

  test('a Deskpro tenant set to HS512, the IdP signing HS256 under an HS512 header', () =>
    expectSignatureFinding(
      mistakenToken(SECRET, { alg: 'HS512', hash: 'sha256', claims: { jti: 'desk-1', iat: happyfoxClaims().iat, email: 'a@example.com' } }),
      'alg_mismatch',
      /with HS512, the header's algorithm, but matches the tenant's secret with HS256/,
      /^sign with the algorithm the header names, HS512; .*Jwts\.SIG\.HS512/,
      { tenantPath: '/t/desk512', path: '/login/authenticate-callback/1', param: 'jwt' },
      'JWT authentication failed',
    ));
});

describe('the signature is valid for another serialisation than the one sent', () => {
  // 14 + 3 bytes of name so the payload needs padding and its base64 has "+" or "/".
  const claims = happyfoxClaims({ name: 'Jane >>>??? Doe' });
  const rawJson = (h: string, p: string) => Buffer.concat([Buffer.from(h, 'base64url'), Buffer.from('.'), Buffer.from(p, 'base64url')]);
  const std = (part: string) => Buffer.from(part, 'base64url').toString('base64');
  const padded = (part: string) => part.padEnd(Math.ceil(part.length / 4) * 4, '=');
  const SIGN_AS_SENT = /^sign exactly the text that is sent, base64url\(header\) \+ "\." \+ base64url\(payload\) unpadded/;

  test('the parts as the IdP sends them need padding and carry "+" or "/" in standard base64', () => {
    const payloadPart = b64u(JSON.stringify(claims));
    expect(padded(payloadPart)).not.toBe(payloadPart);
    expect(std(payloadPart)).toMatch(/[+/]/);
  });

  test.each([
    ['padded base64url', (h: string, p: string) => `${padded(h)}.${padded(p)}`, /over the header and payload in base64url with "=" padding/],
    [
      'standard base64 with padding',
      (h: string, p: string) => `${std(h)}.${std(p)}`,
      /over the header and payload in standard base64 \("\+", "\/" and "=" padding\)/,
    ],
    [
      'standard base64 unpadded',
      (h: string, p: string) => `${std(h).replace(/=+$/, '')}.${std(p).replace(/=+$/, '')}`,
      /over the header and payload in standard base64 \("\+" and "\/", unpadded\)/,
    ],
    ['the raw JSON', rawJson, /over the raw JSON of the header and payload, not their base64url/],
    ['the payload part alone', (_h: string, p: string) => p, /over the payload part alone, without the header/],
    ['the raw JSON of the payload', (_h: string, p: string) => Buffer.from(p, 'base64url'), /over the raw JSON of the payload alone/],
  ])('signed over %s', (_label, signed, named) =>
    expectSignatureFinding(
      mistakenToken(SECRET, { claims: happyfoxClaims({ name: claims.name }), signed }),
      'signing_input_reencoded',
      new RegExp(`^signature does not match the token as sent, but matches the tenant's secret ${named.source}`),
      SIGN_AS_SENT,
    ),
  );
});

describe('the signature part written another way', () => {
  const RAW_BYTES =
    /^the signature part is the raw HMAC bytes in unpadded base64url, not the hex digest: Python: .*hmac\.new\(key, signing_input, hashlib\.sha256\)\.digest\(\).*PHP: .*hash_hmac\('sha256', \$signingInput, \$key, true\)/;

  test("the hex digest, base64url-encoded (PHP's hash_hmac without `true`)", () =>
    expectSignatureFinding(
      mistakenToken(SECRET, { encode: (d) => b64u(d.toString('hex')) }),
      'signature_hex_digest',
      /^signature part is the base64url-encoded hex text of the right HMAC \(HS256 with the tenant's secret\)/,
      RAW_BYTES,
    ));

  test('the hex digest itself as the signature part', () =>
    expectSignatureFinding(
      mistakenToken(SECRET, { encode: (d) => d.toString('hex') }),
      'signature_hex_digest',
      /^signature part is the hex text of the right HMAC/,
      RAW_BYTES,
    ));

  test('truncated to 16 bytes', () =>
    expectSignatureFinding(
      mistakenToken(SECRET, { encode: (d) => d.subarray(0, 16).toString('base64url') }),
      'signature_wrong_length',
      /^signature is 16 bytes; HS256 gives 32: it was truncated/,
      /^sign with HS256 and send the whole signature/,
    ));

  test('standard base64 with "=" padding: the format check names it before any HMAC', async () => {
    const token = mistakenToken(SECRET, { encode: (d) => d.toString('base64') });
    const { answer, body } = await refuse(rx, token, [SECRET]);
    expect({ status: answer.status, result: answer.result }).toEqual({ status: 400, result: 'token_malformed' });
    expect(body).toMatchObject({ check: 'format', finding: 'base64_padding', detail: 'signature part has "=" padding; base64url in a JWT is unpadded' });
    expect(body.hint).toMatch(
      /^encode each part as unpadded base64url .*Python: base64\.urlsafe_b64encode\(data\)\.rstrip\(b"="\); Ruby: .*; PHP: .*; Java: Base64\.getUrlEncoder\(\)\.withoutPadding\(\).*; C#: .*; Node: Buffer\.from\(data\)\.toString\('base64url'\)$/,
    );
  });
});

test('the search is bounded: a signing input over 4096 bytes is not examined (the refusal says so)', async () => {
  const big = happyfoxClaims({ padding: 'x'.repeat(4200) });
  const token = mistakenToken(SECRET, { hash: 'sha512', claims: big });
  expect(token.length).toBeLessThan(8192); // still inside maxTokenBytes: the format check passes
  const { body } = await refuse(rx, token, [SECRET]);
  expect(body).toMatchObject({ error: 'signature_invalid', finding: null, hint: null });
  expect(body.detail).toBe(
    "signature does not match the tenant's secret: the IdP signs with a different (or truncated, or re-encoded) secret (a token over 4096 bytes is not examined further)",
  );
  // The same mistake in a small token is found.
  expect((await refuse(rx, mistakenToken(SECRET, { hash: 'sha512' }), [SECRET])).body.finding).toBe('alg_mismatch');
});
