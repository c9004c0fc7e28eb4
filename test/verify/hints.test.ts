import { HINTS, HINT_LANGUAGES } from '../../src/verify/hints';
import { SECRET, T0, T0_MS, consumeUrl, happyfoxToken, request, sign, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { exchange } from '../vendors/zoho-asap/zoho';

/**
 * Hints are written for every IdP language, not only JavaScript: each code hint lists a one-liner
 * for Python, Ruby, PHP, Java, C# and Node, in that order; the check's message keeps the finding
 * and the numbers and names no language's API.
 */

const SIX = ['Python', 'Ruby', 'PHP', 'Java', 'C#', 'Node'];

/** The languages a hint gives code for, in the order it gives them. */
const languagesIn = (hint: string): string[] => [...hint.matchAll(/(?:: |; )(Python|Ruby|PHP|Java|C#|Node): /g)].map((m) => m[1] as string);

const EPOCH_SECONDS =
  'send whole seconds since the epoch as a JSON number (not milliseconds, not a fraction, not a string): Python: int(time.time()); Ruby: Time.now.to_i; PHP: time(); Java: Instant.now().getEpochSecond(); C#: DateTimeOffset.UtcNow.ToUnixTimeSeconds(); Node: Math.floor(Date.now() / 1000)';

test('the six languages, in order', () => {
  expect([...HINT_LANGUAGES]).toEqual(SIX);
});

test.each([
  ['epochSeconds', HINTS.epochSeconds],
  ['epochMillis', HINTS.epochMillis],
  ['base64url', HINTS.base64url],
  ['urlEncodeToken', HINTS.urlEncodeToken],
  ['tokenWhitespace', HINTS.tokenWhitespace],
  ['secretTrailingWhitespace', HINTS.secretTrailingWhitespace],
  ['signatureHexDigest', HINTS.signatureHexDigest],
  ['secretAsText', HINTS.secretAsText('HS256', 'its base64 text')],
  ['algMismatch', HINTS.algMismatch('HS384')],
  ['signingInput', HINTS.signingInput('HS512')],
  ['signatureLength', HINTS.signatureLength('HS256')],
  ['secretMismatch', HINTS.secretMismatch('HS256')],
])('the %s hint lists all six languages', (_name, hint) => {
  expect(languagesIn(hint)).toEqual(SIX);
});

test('a hint follows the algorithm it is for', () => {
  expect(HINTS.algMismatch('HS384')).toContain('Python: jwt.encode(claims, secret, algorithm="HS384")');
  expect(HINTS.algMismatch('HS384')).toContain('SecurityAlgorithms.HmacSha384');
  expect(HINTS.algMismatch('HS384')).toContain("setProtectedHeader({ alg: 'HS384' })");
});

describe('through the server: time claims', () => {
  let rx: TestReceiver;
  beforeAll(async () => {
    rx = await startTestReceiver({
      tenants: [
        { id: 'default', profile: 'happyfox', secret: SECRET },
        { id: 'lenient', profile: 'happyfox', secret: SECRET, options: { strictTypes: false } },
        { id: 'zoho', profile: 'zoho-asap', secret: SECRET },
      ],
    });
  });
  afterAll(() => rx.stop());

  /** The JSON refusal; its message has the finding and numbers, and no language's API (that is the hint's job). */
  async function refusal(token: string) {
    const body = (await request(consumeUrl(rx.url, '/jwt/', { token }), { json: true })).json();
    expect(body.detail).not.toMatch(/Date\.now|Math\.floor|time\(\)|currentTimeMillis/);
    return body;
  }

  test('iat in milliseconds: the numbers in the message, the six one-liners in the hint', async () => {
    const body = await refusal(await happyfoxToken({ iat: T0_MS }));
    expect(body).toMatchObject({ error: 'claim_invalid', check: 'iat', finding: 'time_in_milliseconds', hint: EPOCH_SECONDS });
    expect(body.detail).toBe(`iat ${T0_MS} looks like milliseconds (as seconds it would be 2026-01-15T12:00:00Z); HappyFox expects seconds`);
  });

  test('iat as a fraction', async () => {
    const body = await refusal(await happyfoxToken({ iat: T0 + 0.25 }));
    expect(body).toMatchObject({ finding: 'time_fractional', hint: EPOCH_SECONDS });
    expect(body.detail).toBe(
      `iat ${T0 + 0.25} is not a whole number of seconds (milliseconds divided by 1000 and not rounded down?); HappyFox expects an integer`,
    );
  });

  test('iat as a string', async () => {
    const body = await refusal(await happyfoxToken({ iat: String(T0) }));
    expect(body).toMatchObject({
      finding: 'time_as_string',
      hint: EPOCH_SECONDS,
      detail: `iat is a string ("${T0}"); HappyFox expects a JSON number of seconds since the epoch`,
    });
  });

  test('strictTypes off: the fraction is accepted, and its warning carries the same hint', async () => {
    const res = await request(consumeUrl(`${rx.url}/t/lenient`, '/jwt/', { token: await happyfoxToken({ iat: T0 + 0.5 }) }));
    expect(res.result).toBe('accepted');
    const [attempt] = (await rx.store.searchAttempts({ tenant: 'lenient', limit: 1 })) as Array<{ checks: Array<Record<string, unknown>> }>;
    expect(attempt?.checks.find((c) => c.name === 'iat')).toEqual({
      name: 'iat',
      status: 'warn',
      message: `iat ${T0 + 0.5} was rounded down to ${T0}; accepted because strictTypes is off`,
      finding: 'time_fractional',
      hint: EPOCH_SECONDS,
      claim: 'iat',
      reason: 'fractional',
      actual: T0 + 0.5,
      unit: 's',
    });
  });

  test('exp in milliseconds', async () => {
    const body = await refusal(await happyfoxToken({ exp: (T0 + 60) * 1000 }));
    expect(body).toMatchObject({
      check: 'exp',
      finding: 'time_in_milliseconds',
      hint: EPOCH_SECONDS,
      detail: `exp ${(T0 + 60) * 1000} looks like milliseconds; it must be seconds since the epoch`,
    });
  });

  test("Zoho's not_before in seconds: milliseconds one-liners", async () => {
    const token = await sign({ email: 'ana@example.com', email_verified: true, not_before: T0, not_after: T0_MS + 300_000 });
    const body = (await exchange(`${rx.url}/t/zoho`, token)).json();
    expect(body).toMatchObject({ error: 'claim_invalid', check: 'not_before', finding: 'time_in_seconds' });
    expect(body.detail).toBe(
      `not_before ${T0} looks like seconds (as milliseconds it is ${new Date(T0).toISOString()}); Zoho Desk ASAP expects milliseconds since the epoch`,
    );
    expect(body.hint).toBe(
      'send milliseconds since the epoch as a JSON integer: Python: time.time_ns() // 1_000_000; Ruby: Process.clock_gettime(Process::CLOCK_REALTIME, :millisecond); PHP: (int) floor(microtime(true) * 1000); Java: System.currentTimeMillis(); C#: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(); Node: Date.now()',
    );
  });
});
