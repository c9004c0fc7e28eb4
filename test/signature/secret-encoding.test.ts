import { createHash } from 'node:crypto';
import { SECRET, consumeUrl, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { libraryToken, refuse } from './support';

/**
 * A signature made with the tenant's secret, but mis-encoded or with white space around it: each
 * refusal keeps signature_invalid and the vendor's words, names the mistake (a stable finding), says
 * how to fix it in a hint, and never shows the secret or the key the IdP derived from it.
 */

/** 35 bytes whose standard base64 starts "+/+/" and ends with "=": unmistakably the standard alphabet. */
const BYTES = Buffer.concat([Buffer.from([0xfb, 0xff, 0xbf]), createHash('sha256').update('forensics').digest()]);
const STD_SECRET = BYTES.toString('base64');
const URL_SECRET = BYTES.toString('base64url');
/** A HappyFox-style key: 32 lowercase hex characters. */
const HEX_SECRET = 'a3f1c09b7e5d42f8b61e0c9d7a2f4e13';
/** Configured with the newline a file gave it. */
const NEWLINE_SECRET = 'secret-read-from-a-file-0123456789\n';

/** HappyFox's words for every signature refusal, whatever the receiver found. */
const HAPPYFOX_MESSAGE = 'JWT login failed';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'std', profile: 'happyfox', secret: STD_SECRET },
      { id: 'url', profile: 'happyfox', secret: URL_SECRET },
      { id: 'hex', profile: 'happyfox', secret: HEX_SECRET },
      { id: 'newline', profile: 'happyfox', secret: NEWLINE_SECRET },
    ],
  });
});
afterAll(() => rx.stop());

test('the tenants hold what the cases need', () => {
  expect(STD_SECRET).toMatch(/^\+\/\+\/.*=$/);
  expect(URL_SECRET).toMatch(/^-_-_/);
  expect(SECRET.length % 4).toBe(1); // not strict base64: only a lenient decoder (Node's) reads it
});

async function expectFinding(tenant: string, secret: string, usedKey: Buffer | string, finding: string, named: RegExp, hint: RegExp) {
  const token = await libraryToken(usedKey);
  const { answer, body, failed } = await refuse(rx, token, [secret, usedKey], { tenantPath: tenant === 'default' ? '' : `/t/${tenant}` });
  expect(answer.status).toBe(401);
  expect(answer.result).toBe('signature_invalid');
  expect(body).toMatchObject({ error: 'signature_invalid', message: HAPPYFOX_MESSAGE, check: 'signature', finding });
  expect(body.detail).toMatch(named);
  expect(body.hint).toMatch(hint);
  expect(failed).toMatchObject({ name: 'signature', status: 'fail', code: 'signature_invalid', finding, message: body.detail, hint: body.hint });
}

const AS_TEXT = /^use the secret's text, as UTF-8 bytes, as the HMAC key, exactly as configured on the receiver/;

describe('the secret decoded, as jwt.io\'s "secret base64 encoded" box or a decode in the IdP does', () => {
  test('standard base64', () =>
    expectFinding(
      'std',
      STD_SECRET,
      Buffer.from(STD_SECRET, 'base64'),
      'secret_base64_decoded',
      /but matches the tenant's secret base64-decoded \(jwt\.io's "secret base64 encoded" box/,
      AS_TEXT,
    ));

  test('base64url', () =>
    expectFinding(
      'url',
      URL_SECRET,
      Buffer.from(URL_SECRET, 'base64url'),
      'secret_base64_decoded',
      /but matches the tenant's secret base64url-decoded/,
      AS_TEXT,
    ));

  test("Node's lenient decoder on a secret that is not exact base64", () =>
    expectFinding(
      'default',
      SECRET,
      Buffer.from(SECRET, 'base64'),
      'secret_base64_decoded',
      /base64-decoded the lenient way \(Buffer\.from\(secret, 'base64'\)/,
      /untick jwt\.io's "secret base64 encoded"/,
    ));

  test('hex (a HappyFox key read as bytes)', () =>
    expectFinding('hex', HEX_SECRET, Buffer.from(HEX_SECRET, 'hex'), 'secret_hex_decoded', /but matches the tenant's secret hex-decoded/, AS_TEXT));
});

describe('the secret encoded: the IdP signs with its base64 or hex text', () => {
  test('base64', () =>
    expectFinding(
      'default',
      SECRET,
      Buffer.from(SECRET).toString('base64'),
      'secret_base64_encoded',
      /matches the tenant's secret base64-encoded/,
      /not its base64 or hex text/,
    ));
  // The hex tenant's secret: 32 bytes, so its base64 is padded and its base64url is not (for SECRET, 33 bytes, the two are one text).
  test('base64url', () =>
    expectFinding(
      'hex',
      HEX_SECRET,
      Buffer.from(HEX_SECRET).toString('base64url'),
      'secret_base64_encoded',
      /matches the tenant's secret base64url-encoded/,
      /not its base64 or hex text/,
    ));
  test('echo "$SECRET" | base64: the newline encoded too', () =>
    expectFinding(
      'default',
      SECRET,
      Buffer.from(`${SECRET}\n`).toString('base64'),
      'secret_base64_encoded',
      /with a newline, base64-encoded \(echo "\$SECRET" \| base64/,
      /not its base64 or hex text/,
    ));
  test('hex', () =>
    expectFinding(
      'default',
      SECRET,
      Buffer.from(SECRET).toString('hex'),
      'secret_hex_encoded',
      /matches the tenant's secret hex-encoded/,
      /not its base64 or hex text/,
    ));
});

describe('white space', () => {
  const STRIP =
    /^strip the white space where the IdP reads the secret .*Python: secret\.strip\(\); Ruby: secret\.strip; PHP: trim\(\$secret\); Java: secret\.strip\(\); C#: secret\.Trim\(\); Node: secret\.trim\(\)/;
  test('a trailing newline (a secret read from a file)', () =>
    expectFinding(
      'default',
      SECRET,
      `${SECRET}\n`,
      'secret_trailing_whitespace',
      /matches the tenant's secret with a trailing newline \(read from a file or an environment variable\)/,
      STRIP,
    ));
  test('a CRLF line ending', () => expectFinding('default', SECRET, `${SECRET}\r\n`, 'secret_trailing_whitespace', /with a trailing CRLF line ending/, STRIP));
  test('a trailing space', () => expectFinding('default', SECRET, `${SECRET} `, 'secret_trailing_whitespace', /with a trailing space$/, STRIP));
  test('the configured secret has the newline, the IdP trims it', () =>
    expectFinding(
      'newline',
      NEWLINE_SECRET,
      NEWLINE_SECRET.trim(),
      'secret_trimmed',
      /matches the tenant's secret without the white space around it/,
      /^make the two secrets equal: the secret configured on this receiver has white space around it/,
    ));
});

test('control: a genuinely different secret gets the generic message, no finding, and the generic hint', async () => {
  const other = 'an-unrelated-secret-9876543210';
  const { body, failed } = await refuse(rx, await libraryToken(other), [SECRET, other]);
  expect(body).toMatchObject({ error: 'signature_invalid', message: HAPPYFOX_MESSAGE, finding: null });
  expect(body.detail).toBe(
    "signature does not match the tenant's secret: the IdP signs with a different secret (not one of the encoding, white-space, algorithm or serialisation mistakes the receiver tries, nor another tenant's secret)",
  );
  expect(body.hint).toMatch(/^copy the secret again from the vendor's setting into the IdP/);
  expect(failed).not.toHaveProperty('finding');
});

test('the right secret is still accepted, and its check carries no finding', async () => {
  const res = await request(consumeUrl(`${rx.url}/t/std`, '/jwt/', { token: await libraryToken(STD_SECRET) }));
  expect(res.result).toBe('accepted');
  const [last] = (await rx.store.searchAttempts({ tenant: 'std', limit: 1 })) as Array<{ checks: Array<Record<string, unknown>> }>;
  expect(last?.checks.find((c) => c.name === 'signature')).toEqual({ name: 'signature', status: 'pass', message: 'HMAC verified' });
});
