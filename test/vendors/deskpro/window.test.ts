import { failedCheck } from '../../helpers/checks';
import { readDb } from '../../helpers/database';
import { SECRET, T0, T0_MS, freshJti, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { MISSING_EMAIL, USER_CALLBACK, deskproToken, lastAttempt, signAs, url } from './support';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'deskpro', secret: SECRET },
      { id: 'strict', profile: 'deskpro', secret: SECRET, options: { strictDocs: true } },
      { id: 'loose', profile: 'deskpro', secret: SECRET, options: { strictTypes: false } },
      { id: 'exact', profile: 'deskpro', secret: SECRET, options: { strict: true } },
    ],
  });
});
afterAll(() => rx.stop());
afterEach(() => rx.clock.freeze(T0_MS));

const callback = (jwt: string, tenant = 'default') => url(tenant === 'default' ? rx.url : `${rx.url}/t/${tenant}`, USER_CALLBACK, { jwt });
const resultOf = async (claims: Record<string, unknown>, tenant = 'default') => (await request(callback(await deskproToken(claims), tenant))).result;
const checkNamed = async (name: string, tenant = 'default') => (await lastAttempt(rx, tenant)).checks.find((c) => c.name === name);

describe('Deskpro time window: firebase/php-jwt with 900 s leeway', () => {
  test('exp: accepted while now - 900 < exp (with a warning once past), refused when now - 900 >= exp', async () => {
    expect(await resultOf({ exp: T0 })).toBe('accepted');
    expect(await resultOf({ exp: T0 - 899 })).toBe('accepted');
    expect(await checkNamed('exp_window')).toMatchObject({ status: 'warn', claim: 'exp', reason: 'expired', actual: 899, limit: 900, unit: 's' });
    const res = await request(callback(await deskproToken({ exp: T0 - 900 })), { json: true });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error: 'token_expired', check: 'exp_window' });
    expect(failedCheck(res.json())).toMatchObject({
      name: 'exp_window',
      code: 'token_expired',
      claim: 'exp',
      reason: 'expired',
      actual: 900,
      limit: 900,
      unit: 's',
    });
  });

  test('iat: up to 900 s in the future is accepted (warned), 901 s is token_not_yet_valid', async () => {
    expect(await resultOf({ iat: T0 + 900 })).toBe('accepted');
    expect(await checkNamed('iat_window')).toMatchObject({ status: 'warn', claim: 'iat', reason: 'in_future', actual: 900, limit: 900, unit: 's' });
    const res = await request(callback(await deskproToken({ iat: T0 + 901 })), { json: true });
    expect(res.json()).toMatchObject({ error: 'token_not_yet_valid', check: 'iat_window' });
    expect(failedCheck(res.json())).toMatchObject({
      name: 'iat_window',
      code: 'token_not_yet_valid',
      claim: 'iat',
      reason: 'in_future',
      actual: 901,
      limit: 900,
      unit: 's',
    });
  });

  test('nbf: up to 900 s in the future is accepted, 901 s is token_not_yet_valid', async () => {
    expect(await resultOf({ nbf: T0 + 900 })).toBe('accepted');
    expect(await resultOf({ nbf: T0 + 901 })).toBe('token_not_yet_valid');
    expect(await checkNamed('nbf_window')).toMatchObject({
      status: 'fail',
      code: 'token_not_yet_valid',
      claim: 'nbf',
      reason: 'in_future',
      actual: 901,
      limit: 900,
      unit: 's',
    });
  });

  test('no maximum age: an iat a day old with no exp is accepted, and so is one a year old', async () => {
    expect(await resultOf({ iat: T0 - 86400, exp: undefined })).toBe('accepted');
    expect(await checkNamed('iat_window')).toMatchObject({
      status: 'pass',
      claim: 'iat',
      actual: 86400,
      unit: 's',
      message: expect.stringContaining('Deskpro sets no maximum age'),
    });
    expect(await checkNamed('iat_window')).not.toHaveProperty('limit');
    expect(await checkNamed('exp_window')).toMatchObject({ status: 'pass', claim: 'exp', reason: 'missing' });
    expect(await resultOf({ iat: T0 - 365 * 86400, exp: undefined })).toBe('accepted');
  });

  test('the edge follows the receiver clock: one token, moved across exp + 900', async () => {
    const token = await deskproToken({ iat: T0, exp: T0 + 300 });
    rx.clock.freeze((T0 + 300 + 899) * 1000);
    expect((await request(callback(token))).result).toBe('accepted');
    rx.clock.freeze((T0 + 300 + 900) * 1000);
    expect((await request(callback(token))).result).toBe('token_expired');
  });

  test('time claims must be seconds: milliseconds and non-numeric strings are claim_invalid', async () => {
    expect(await resultOf({ exp: (T0 + 300) * 1000 })).toBe('claim_invalid');
    expect(await resultOf({ iat: T0 * 1000 })).toBe('claim_invalid');
    expect(await resultOf({ exp: 'tomorrow' })).toBe('claim_invalid');
  });

  test('a numeric string is read as php-jwt reads it, with a warning; strict refuses it', async () => {
    expect(await resultOf({ nbf: String(T0) })).toBe('accepted');
    // The vendor's reason is the decision's source (DECISIONS.md), so its words stay asserted.
    expect(await checkNamed('nbf')).toMatchObject({
      status: 'warn',
      claim: 'nbf',
      reason: 'numeric_string',
      actual: T0,
      unit: 's',
      message: expect.stringContaining('accepted as Deskpro does (firebase/php-jwt compares a fraction or a numeric string as a number)'),
    });
    expect(await resultOf({ nbf: String(T0) }, 'exact')).toBe('claim_invalid');
    expect(await resultOf({ exp: T0 - 899.5 }, 'exact')).toBe('claim_invalid');
  });

  test('by default, fractions and numeric strings are compared as sent, the way PHP compares them', async () => {
    expect(await resultOf({ exp: T0 - 899.5 })).toBe('accepted');
    expect(await resultOf({ exp: T0 - 900 })).toBe('token_expired');
    expect(await resultOf({ iat: T0 + 900.5 })).toBe('token_not_yet_valid');
    expect(await resultOf({ exp: String(T0 - 899) })).toBe('accepted');
    expect(await resultOf({ exp: String(T0 - 900) })).toBe('token_expired');
  });

  test('with strictTypes off, fractions are compared as sent, the way PHP compares them', async () => {
    expect(await resultOf({ exp: T0 - 899.5 }, 'loose')).toBe('accepted');
    expect(await resultOf({ exp: T0 - 900 }, 'loose')).toBe('token_expired');
    expect(await resultOf({ iat: T0 + 900.5 }, 'loose')).toBe('token_not_yet_valid');
    expect(await resultOf({ exp: String(T0 - 899) }, 'loose')).toBe('accepted');
    expect(await resultOf({ exp: String(T0 - 900) }, 'loose')).toBe('token_expired');
  });
});

describe('Deskpro replay: not checked by the code, refused under strictDocs', () => {
  test('default: the same token twice is accepted, the verdict warns that a replay was possible', async () => {
    const token = await deskproToken({ id: 'replay-1' });
    expect((await request(callback(token))).result).toBe('accepted');
    const again = await request(callback(token));
    expect(again.result).toBe('accepted');
    expect(await checkNamed('replay')).toMatchObject({ status: 'warn', message: expect.stringContaining('could be used again') });
  });

  test('strictDocs: the second use of a jti is token_replayed', async () => {
    const token = await deskproToken({ id: 'replay-2' });
    expect((await request(callback(token, 'strict'))).result).toBe('accepted');
    expect(await checkNamed('replay', 'strict')).toMatchObject({ status: 'pass' });
    const again = await request(callback(token, 'strict'), { json: true });
    expect(again.status).toBe(401);
    expect(again.json()).toMatchObject({ error: 'token_replayed', check: 'replay', message: 'JWT authentication failed' });
  });

  test('strictDocs: a new token reusing a jti is refused too; the jti is kept until exp + 900 s', async () => {
    const jti = freshJti();
    expect((await request(callback(await deskproToken({ jti }), 'strict'))).result).toBe('accepted');
    expect((await request(callback(await deskproToken({ jti, iat: T0 + 1, exp: T0 + 301 }), 'strict'))).result).toBe('token_replayed');
    // Accepted up to the second before exp + 900, then kept for replayMarginSeconds (60) more.
    const kept = readDb(rx, (db) => db.prepare('SELECT keep_until FROM replay_ledger WHERE tenant = ? AND replay_key = ?').get('strict', `jti:${jti}`));
    expect(kept).toEqual({ keep_until: (T0 + 300 + 900 + 60) * 1000 });
  });
});

describe("Deskpro strictDocs: the admin guide's claims", () => {
  test('the official example payload (jti, iat, exp, id, email, name) is accepted', async () => {
    expect(await resultOf({}, 'strict')).toBe('accepted');
  });

  test.each(['id', 'iat', 'exp', 'jti'])("without %s it is claim_missing with the fallback words (Deskpro's code has none for it)", async (claim) => {
    const res = await request(callback(await deskproToken({ [claim]: undefined }), 'strict'), { json: true });
    expect(res.json()).toMatchObject({ error: 'claim_missing', check: claim, message: 'JWT authentication failed' });
  });

  test("without email it is claim_missing with Deskpro's message", async () => {
    const res = await request(callback(await deskproToken({ email: undefined }), 'strict'), { json: true });
    expect(res.json()).toMatchObject({ error: 'claim_missing', check: 'email', message: MISSING_EMAIL });
  });

  test('name, or first_name + last_name: either is enough; neither (or only one half) is claim_missing', async () => {
    expect(await resultOf({ name: undefined, first_name: 'Ada', last_name: 'Lovelace' }, 'strict')).toBe('accepted');
    for (const names of [{ name: undefined }, { name: undefined, first_name: 'Ada' }, { name: '  ', last_name: 'Lovelace' }]) {
      const res = await request(callback(await deskproToken(names), 'strict'), { json: true });
      expect(res.json()).toMatchObject({ error: 'claim_missing', check: 'names' });
    }
  });

  test('the same 900 s leeway and no maximum age apply', async () => {
    expect(await resultOf({ iat: T0 - 86400, exp: T0 - 899 }, 'strict')).toBe('accepted');
    expect(await resultOf({ exp: T0 - 900 }, 'strict')).toBe('token_expired');
    expect(await resultOf({ iat: T0 + 901 }, 'strict')).toBe('token_not_yet_valid');
  });

  test('the default tenant does not require what strictDocs does', async () => {
    expect((await request(callback(await signAs({ email: 'only@example.com' })))).result).toBe('accepted');
    expect((await request(callback(await signAs({ email: 'only@example.com' }), 'strict'))).result).toBe('claim_missing');
  });
});
