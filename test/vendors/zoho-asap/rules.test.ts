import { SignJWT } from 'jose';
import { checkToken } from '../../../src';
import { SECRET, T0, T0_MS, sign, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { exchange, refusal, zohoClaims, zohoToken } from './zoho';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'zoho-asap', secret: SECRET },
      { id: 'exact', profile: 'zoho-asap', secret: SECRET, options: { futureIatToleranceSeconds: 0 } },
    ],
  });
});
beforeEach(() => rx.clock.freeze(T0_MS));
afterAll(() => rx.stop());

const accepted = async (claims: Record<string, unknown>, base = rx.url) => (await exchange(base, await zohoToken(claims))).result;
const refused = async (claims: Record<string, unknown>, base = rx.url) => refusal(await exchange(base, await zohoToken(claims)));

describe('Zoho ASAP claims', () => {
  test.each(['email', 'email_verified', 'not_before', 'not_after'])('%s is required: claim_missing', async (name) => {
    expect(await refused({ [name]: undefined })).toMatchObject({ status: 401, error: 'claim_missing', check: name });
  });

  test('first_name and last_name are optional, but strings when present', async () => {
    expect(await accepted({ first_name: undefined, last_name: undefined })).toBe('accepted');
    expect(await refused({ first_name: 7 })).toMatchObject({ error: 'claim_invalid', check: 'first_name' });
  });

  test('email must be an address', async () => {
    expect(await refused({ email: 'not-an-address' })).toMatchObject({ error: 'claim_invalid', check: 'email' });
  });

  test('email_verified true is accepted; false is refused with its own code', async () => {
    expect(await accepted({ email_verified: true })).toBe('accepted');
    const res = await refused({ email_verified: false });
    expect(res).toMatchObject({ status: 401, error: 'email_not_verified', check: 'email_verified_true', message: 'JWT Configuration Error' });
    expect(res.failed).toMatchObject({ code: 'email_not_verified', claim: 'email_verified', reason: 'not_verified', actual: false });
  });

  test.each([
    ['"true"', 'true'],
    ['"false"', 'false'],
    ['1', 1],
    ['null', null],
  ])('email_verified %s is not a boolean', async (_label, value) => {
    const res = await refused({ email_verified: value });
    expect(res.error).toBe(value === null ? 'claim_missing' : 'claim_invalid');
    expect(res.check).toBe('email_verified');
    // The claim's own JSON value, not its text: the string "true" stays a string, 1 a number.
    if (value !== null)
      expect(res.failed).toEqual(expect.objectContaining({ code: 'claim_invalid', claim: 'email_verified', reason: 'wrong_type', actual: value }));
  });
});

describe('Zoho ASAP units: not_before and not_after are milliseconds', () => {
  test.each(['not_before', 'not_after'])('%s in seconds is refused with a hint that it looks like seconds', async (name) => {
    const claims = name === 'not_before' ? { not_before: T0, not_after: T0_MS + 300_000 } : { not_before: T0_MS, not_after: T0 + 300 };
    const res = await refused(claims);
    expect(res).toMatchObject({ status: 401, error: 'claim_invalid', check: name });
    expect(res.failed).toMatchObject({
      code: 'claim_invalid',
      claim: name,
      reason: 'seconds',
      actual: name === 'not_before' ? T0 : T0 + 300,
      limit: 1e11,
      unit: 'ms',
      finding: 'time_in_seconds',
    });
  });

  test('both in seconds (Math.floor(Date.now()/1000) by habit): both flagged', async () => {
    const res = await exchange(rx.url, await zohoToken({ not_before: T0, not_after: T0 + 300 }));
    const flagged = res.json().checks.filter((c: { status: string; reason?: string }) => c.status === 'fail' && c.reason === 'seconds');
    expect(flagged.map((c: { name: string; actual: number; unit: string }) => [c.name, c.actual, c.unit])).toEqual([
      ['not_before', T0, 'ms'],
      ['not_after', T0 + 300, 'ms'],
    ]);
  });

  test('a string, a fraction, or microseconds are refused with what is wrong', async () => {
    expect(await refused({ not_before: String(T0_MS) })).toMatchObject({
      error: 'claim_invalid',
      check: 'not_before',
      failed: { claim: 'not_before', reason: 'wrong_type', actual: String(T0_MS) },
    });
    expect(await refused({ not_after: T0_MS + 300_000.5 })).toMatchObject({
      error: 'claim_invalid',
      check: 'not_after',
      failed: { claim: 'not_after', reason: 'not_integer', actual: T0_MS + 300_000.5, unit: 'ms' },
    });
    const micro = await refused({ not_before: T0_MS * 1000, not_after: (T0_MS + 300_000) * 1000 });
    expect(micro.error).toBe('claim_invalid');
    expect(micro.failed).toMatchObject({
      name: 'validity_span',
      reason: 'span_too_long',
      actual: (T0_MS + 300_000) * 1000 - T0_MS * 1000,
      limit: 600_000,
      unit: 'ms',
    });
    expect(micro.detail).toMatch(/microseconds/);
  });
});

describe('Zoho ASAP span: 0 < not_after - not_before <= 600000 ms', () => {
  test('exactly 600000 ms is accepted', async () => {
    expect(await accepted({ not_before: T0_MS - 300_000, not_after: T0_MS + 300_000 })).toBe('accepted');
  });

  test('600001 ms is refused', async () => {
    const res = await refused({ not_before: T0_MS - 300_000, not_after: T0_MS + 300_001 });
    expect(res).toMatchObject({ status: 401, error: 'claim_invalid', check: 'validity_span' });
    expect(res.failed).toMatchObject({ claim: 'not_after', reason: 'span_too_long', actual: 600_001, limit: 600_000, unit: 'ms' });
  });

  test('span 0 is refused', async () => {
    const res = await refused({ not_before: T0_MS, not_after: T0_MS });
    expect(res).toMatchObject({ error: 'claim_invalid', check: 'validity_span' });
    expect(res.failed).toMatchObject({ claim: 'not_after', reason: 'span_not_positive', actual: 0, limit: 0, unit: 'ms' });
  });

  test('a negative span is refused', async () => {
    const res = await refused({ not_before: T0_MS + 1000, not_after: T0_MS - 1000 });
    expect(res).toMatchObject({ error: 'claim_invalid', check: 'validity_span' });
    expect(res.failed).toMatchObject({ claim: 'not_after', reason: 'span_not_positive', actual: -2000, limit: 0, unit: 'ms' });
  });

  test('a span under a second is accepted with a warning that seconds may have been meant', async () => {
    const verdict = await checkToken({ profile: 'zoho-asap', secret: SECRET }, await zohoToken({ not_before: T0_MS, not_after: T0_MS + 300 }), T0_MS);
    expect(verdict.accepted).toBe(true);
    expect(verdict.checks.find((c) => c.name === 'validity_span')).toMatchObject({
      status: 'warn',
      reason: 'span_short',
      actual: 300,
      limit: 1000,
      unit: 'ms',
      message: expect.stringMatching(/300000 ms/),
    });
  });
});

describe('Zoho ASAP window: now within [not_before, not_after], tolerance futureIatToleranceSeconds (5 s) in ms', () => {
  test('now == not_before and now == not_after are inside', async () => {
    expect(await accepted({ not_before: T0_MS, not_after: T0_MS + 1000 })).toBe('accepted');
    expect(await accepted({ not_before: T0_MS - 1000, not_after: T0_MS })).toBe('accepted');
  });

  test('not_before in the future: refused beyond the tolerance, accepted inside it', async () => {
    const early = await refused({ not_before: T0_MS + 5001, not_after: T0_MS + 300_000 });
    expect(early).toMatchObject({ status: 401, error: 'token_not_yet_valid', check: 'validity_window' });
    expect(early.failed).toMatchObject({ claim: 'not_before', reason: 'in_future', actual: 5001, limit: 5000, unit: 'ms' });
    expect(await accepted({ not_before: T0_MS + 5000, not_after: T0_MS + 300_000 })).toBe('accepted');
  });

  test('not_after passed: refused beyond the tolerance, accepted inside it', async () => {
    const late = await refused({ not_before: T0_MS - 300_000, not_after: T0_MS - 5001 });
    expect(late).toMatchObject({ status: 401, error: 'token_expired', check: 'validity_window' });
    expect(late.failed).toMatchObject({ claim: 'not_after', reason: 'expired', actual: 5001, limit: 5000, unit: 'ms' });
    expect(await accepted({ not_before: T0_MS - 300_000, not_after: T0_MS - 5000 })).toBe('accepted');
  });

  test('with futureIatToleranceSeconds 0 the window is exact', async () => {
    const base = `${rx.url}/t/exact`;
    expect((await refused({ not_before: T0_MS + 1 }, base)).error).toBe('token_not_yet_valid');
    expect((await refused({ not_before: T0_MS - 300_000, not_after: T0_MS - 1 }, base)).error).toBe('token_expired');
    expect(await accepted({ not_before: T0_MS, not_after: T0_MS + 1 }, base)).toBe('accepted');
  });

  test('the clock moves the window: a token minted now is expired 5 min + 5 s + 1 ms later', async () => {
    const token = await zohoToken();
    rx.clock.advance(305_001);
    expect(refusal(await exchange(rx.url, token))).toMatchObject({ error: 'token_expired' });
  });

  test('without nbf/iat/exp in the contract, they are ignored with a warning naming allowAltClaims', async () => {
    const res = await exchange(rx.url, await sign({ email: 'alt@example.com', email_verified: true, nbf: T0, exp: T0_MS + 300_000 }));
    expect(refusal(res)).toMatchObject({ error: 'claim_missing', check: 'not_before' });
    expect(res.json().checks.find((c: { name: string }) => c.name === 'alt_claims')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/allowAltClaims/),
    });
  });
});

describe('Zoho ASAP replay: no jti, the same signed token once', () => {
  test('the replay of one token is refused, also 200 s later, still inside its window', async () => {
    const token = await zohoToken();
    expect((await exchange(rx.url, token)).result).toBe('accepted');
    rx.clock.advance(200_000);
    expect(refusal(await exchange(rx.url, token, 'query'))).toMatchObject({ status: 401, error: 'token_replayed' });
  });

  test('the ledger keeps the key until not_after + tolerance (+ replayMarginSeconds)', async () => {
    const verdict = await checkToken({ profile: 'zoho-asap', secret: SECRET }, await zohoToken(), T0_MS);
    expect(verdict.replay).toMatchObject({ kind: 'content', keepUntilMs: T0_MS + 300_000 + 5000 + 60_000 });
  });

  test('equal claims but a different not_before are different tokens', async () => {
    expect(await accepted({ email: 'same@example.com', not_before: T0_MS - 1 })).toBe('accepted');
    expect(await accepted({ email: 'same@example.com', not_before: T0_MS - 2 })).toBe('accepted');
  });
});

describe('Zoho ASAP algorithm: HS256 only', () => {
  test.each(['HS384', 'HS512'])('%s is refused with alg_not_allowed', async (alg) => {
    const token = await new SignJWT(zohoClaims()).setProtectedHeader({ alg, typ: 'JWT' }).sign(Buffer.from(SECRET));
    expect(refusal(await exchange(rx.url, token))).toMatchObject({ status: 401, error: 'alg_not_allowed', check: 'alg' });
  });

  test('alg none is refused', async () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${part({ alg: 'none', typ: 'JWT' })}.${part(zohoClaims())}.`;
    expect(refusal(await exchange(rx.url, token))).toMatchObject({ status: 401, error: 'alg_not_allowed' });
  });

  test('another secret is signature_invalid', async () => {
    expect(refusal(await exchange(rx.url, await zohoToken({}, 'not-the-secret')))).toMatchObject({ status: 401, error: 'signature_invalid' });
  });
});
