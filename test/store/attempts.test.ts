import { T0, T0_MS, consumeUrl, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver();
});
afterAll(() => rx.stop());

describe('every consume attempt is recorded', () => {
  test('accepted: tenant, time, route, checks, header, claims, user, client address and Referer without its query', async () => {
    const token = await happyfoxToken({ email: 'rec@example.com', jti: 'rec-1' });
    await request(consumeUrl(rx.url, '/jwt/', { token }), { headers: { referer: 'https://idp.example.com/sso/happyfox?code=s3cr3t#frag' } });
    const [a] = rx.store.searchAttempts({ tenant: 'default', limit: 1 });
    expect(a).toMatchObject({
      tenant: 'default',
      at: T0_MS,
      route: 'GET /jwt/',
      accepted: true,
      code: null,
      email: 'rec@example.com',
      clientIp: expect.stringMatching(/127\.0\.0\.1/),
      referer: 'https://idp.example.com/sso/happyfox',
      header: { alg: 'HS256', typ: 'JWT' },
      claims: { iat: T0, jti: 'rec-1', email: 'rec@example.com', name: 'Jane Doe' },
    });
    expect(a?.userId).toEqual(expect.any(Number));
    expect((a?.checks as Array<{ name: string; status: string }>).map((c) => `${c.name}:${c.status}`)).toContain('replay:pass');
  });

  test('refused: the code and the failing check; request-level refusals too', async () => {
    await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat: T0 - 500 }) }));
    let [a] = rx.store.searchAttempts({ tenant: 'default', limit: 1 });
    expect(a).toMatchObject({ accepted: false, code: 'token_expired', userId: null });
    await request(`${rx.url}/jwt/`);
    [a] = rx.store.searchAttempts({ tenant: 'default', limit: 1 });
    expect(a).toMatchObject({ accepted: false, code: 'token_missing', header: null, claims: null });
    expect(a?.checks).toEqual([expect.objectContaining({ name: 'request', status: 'fail', code: 'token_missing' })]);
  });

  test('the response names the attempt so a developer can find it', async () => {
    const res = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat: T0 - 500 }) }), { json: true });
    const [a] = rx.store.searchAttempts({ tenant: 'default', limit: 1 });
    expect(res.json().attempt).toBe(a?.id);
  });
});
