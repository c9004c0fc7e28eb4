import { T0, consumeUrl, freshJti, happyfoxToken, request, sign, startTestReceiver, type TestReceiver } from '../helpers/receiver';

let rx: TestReceiver;
let lenient: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver();
  lenient = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: 'k3ySecretForTests0123456789abcdef', options: { strictTypes: false, futureIatToleranceSeconds: 30 } },
    ],
  });
});
afterAll(async () => {
  await rx.stop();
  await lenient.stop();
});

async function verdictOf(token: string, at = rx) {
  const res = await request(consumeUrl(at.url, '/jwt/', { token }), { json: true });
  const body = res.status === 302 ? null : res.json();
  return { status: res.status, result: res.result, body, check: (name: string) => body?.checks.find((c: { name: string }) => c.name === name) };
}

describe('HappyFox claim rules', () => {
  test.each([
    ['iat', 'claim_missing'],
    ['jti', 'claim_missing'],
    ['email', 'claim_missing'],
  ])('missing %s is refused with %s', async (claim, code) => {
    const v = await verdictOf(await happyfoxToken({ [claim]: undefined }));
    expect(v.status).toBe(401);
    expect(v.result).toBe(code);
    expect(v.body.check).toBe(claim);
  });

  test('a missing name is accepted with a warning', async () => {
    const token = await sign({ iat: T0, jti: freshJti(), email: 'noname@example.com' });
    const res = await request(consumeUrl(rx.url, '/jwt/', { token }));
    expect(res.result).toBe('accepted');
    const dry = await verdictOf(await sign({ iat: T0, jti: freshJti(), email: 'noname@example.com', exp: T0 - 10 }));
    expect(dry.check('name')).toMatchObject({ status: 'warn' });
  });

  test('iat in milliseconds is refused and the message says so', async () => {
    const v = await verdictOf(await happyfoxToken({ iat: T0 * 1000 }));
    expect(v.result).toBe('claim_invalid');
    expect(v.check('iat')).toMatchObject({
      status: 'fail',
      code: 'claim_invalid',
      claim: 'iat',
      reason: 'milliseconds',
      actual: T0 * 1000,
      limit: 1e11,
      unit: 's',
    });
  });

  test('iat as a numeric string is refused in strict mode, accepted with a warning when strictTypes is off', async () => {
    const strict = await verdictOf(await happyfoxToken({ iat: String(T0) }));
    expect(strict.result).toBe('claim_invalid');
    expect(strict.check('iat')).toMatchObject({ status: 'fail', code: 'claim_invalid', claim: 'iat', reason: 'numeric_string', actual: String(T0) });
    const res = await request(consumeUrl(lenient.url, '/jwt/', { token: await happyfoxToken({ iat: String(T0) }) }));
    expect(res.result).toBe('accepted');
  });

  test('a fractional iat is refused in strict mode (Date.now()/1000 without floor)', async () => {
    const v = await verdictOf(await happyfoxToken({ iat: T0 + 0.25 }));
    expect(v.result).toBe('claim_invalid');
    expect(v.check('iat')).toMatchObject({ status: 'fail', code: 'claim_invalid', claim: 'iat', reason: 'fractional', actual: T0 + 0.25, unit: 's' });
    expect((await request(consumeUrl(lenient.url, '/jwt/', { token: await happyfoxToken({ iat: T0 + 0.25 }) }))).result).toBe('accepted');
  });

  test.each([[true], [{}], [[1]], [Number.MAX_SAFE_INTEGER]])('iat %p is refused as claim_invalid', async (iat) => {
    expect((await verdictOf(await happyfoxToken({ iat }))).result).toBe('claim_invalid');
  });

  test('a future iat inside the 5 s tolerance is accepted with a warning; beyond it refused', async () => {
    const inside = await happyfoxToken({ iat: T0 + 5, exp: T0 - 10 });
    expect((await verdictOf(inside)).check('iat_window')).toMatchObject({ status: 'warn', claim: 'iat', reason: 'in_future', actual: 5, limit: 5, unit: 's' });
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat: T0 + 5 }) }))).result).toBe('accepted');
    const beyond = await verdictOf(await happyfoxToken({ iat: T0 + 6 }));
    expect(beyond.result).toBe('token_not_yet_valid');
    expect(beyond.check('iat_window')).toMatchObject({
      status: 'fail',
      code: 'token_not_yet_valid',
      claim: 'iat',
      reason: 'in_future',
      actual: 6,
      limit: 5,
      unit: 's',
    });
  });

  test('the tolerance is per tenant', async () => {
    expect((await request(consumeUrl(lenient.url, '/jwt/', { token: await happyfoxToken({ iat: T0 + 30 }) }))).result).toBe('accepted');
    expect((await verdictOf(await happyfoxToken({ iat: T0 + 31 }), lenient)).result).toBe('token_not_yet_valid');
  });

  test('jti may be an integer (the Magento client) but not empty, a boolean, an object or too long', async () => {
    const n = Math.floor(Math.random() * 1e9);
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ jti: n }) }))).result).toBe('accepted');
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ jti: n }) }))).result).toBe('token_replayed');
    for (const jti of ['', true, { id: 1 }, 'x'.repeat(256)]) {
      expect((await verdictOf(await happyfoxToken({ jti }))).result).toBe('claim_invalid');
    }
  });

  test('a numeric jti and the same digits as a string are one jti', async () => {
    const n = 700000 + Math.floor(Math.random() * 1e5);
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ jti: n }) }))).result).toBe('accepted');
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ jti: String(n) }) }))).result).toBe('token_replayed');
  });

  test.each([
    'not-an-address',
    'a@b',
    ' jane@example.com',
    'jane@example.com ',
    '"jane@x"@example.com',
    'jane@@example.com',
    'jane@-example.com',
    `${'a'.repeat(65)}@example.com`,
  ])('email %p is refused as claim_invalid', async (email) => {
    expect((await verdictOf(await happyfoxToken({ email }))).result).toBe('claim_invalid');
  });

  test('email as a number is refused', async () => {
    expect((await verdictOf(await happyfoxToken({ email: 42 }))).result).toBe('claim_invalid');
  });

  test('name of the wrong type is refused', async () => {
    expect((await verdictOf(await happyfoxToken({ name: ['Jane'] }))).result).toBe('claim_invalid');
  });

  test('exp in the past and nbf in the future are honoured when present', async () => {
    expect((await verdictOf(await happyfoxToken({ exp: T0 - 10 }))).result).toBe('token_expired');
    expect((await verdictOf(await happyfoxToken({ nbf: T0 + 60 }))).result).toBe('token_not_yet_valid');
    expect((await verdictOf(await happyfoxToken({ exp: 'soon' }))).result).toBe('claim_invalid');
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ exp: T0 + 60, nbf: T0 - 1 }) }))).result).toBe('accepted');
  });

  test('every claim problem is listed, the first one gives the code', async () => {
    const v = await verdictOf(await sign({ iat: 'x', jti: '', email: 'nope' }));
    expect(v.result).toBe('claim_invalid');
    expect(v.body.checks.filter((c: { status: string }) => c.status === 'fail').map((c: { name: string }) => c.name)).toEqual(['iat', 'jti', 'email']);
  });

  test('the same email in other case and an IDN domain is one user', async () => {
    await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ email: 'Mia@Bücher.Example' }) }));
    await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ email: 'mia@xn--bcher-kva.example' }) }));
    const users = (await rx.store.searchUsers({ tenant: 'default' })).filter((u) => u.email === 'mia@xn--bcher-kva.example');
    expect(users).toHaveLength(1);
    expect(users[0]?.loginCount).toBe(2);
  });
});
