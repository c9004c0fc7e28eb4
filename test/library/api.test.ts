import { SignJWT } from 'jose';
import { ConfigError, PROFILES, checkToken, startReceiver } from '../../src';

const secret = 'test-secret';
const mint = (claims: Record<string, unknown>, iat = Math.floor(Date.now() / 1000)) =>
  new SignJWT({ email: 'jane@example.com', jti: crypto.randomUUID(), ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(iat).sign(Buffer.from(secret));

describe('startReceiver (the README example)', () => {
  test('serves on a free port with an in-memory store; the clock moves every check', async () => {
    const rx = await startReceiver({ secret });
    try {
      expect(rx.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${rx.url}/jwt/?token=${await mint({})}`, { redirect: 'manual' });
      expect(res.headers.get('x-receiver-result')).toBe('accepted');
      const token = await mint({});
      rx.clock.freeze(Date.now() + 121_000);
      const late = await fetch(`${rx.url}/jwt/?token=${token}`, { redirect: 'manual' });
      expect(late.headers.get('x-receiver-result')).toBe('token_expired');
      expect(rx.tenantUrl('default')).toBe(rx.url);
      expect(rx.tenantUrl('acme')).toBe(`${rx.url}/t/acme`);
    } finally {
      await rx.close();
    }
  });

  test('two receivers share nothing', async () => {
    const [a, b] = await Promise.all([startReceiver({ secret }), startReceiver({ secret })]);
    try {
      const token = await mint({});
      expect((await fetch(`${a.url}/jwt/?token=${token}`, { redirect: 'manual' })).headers.get('x-receiver-result')).toBe('accepted');
      expect((await fetch(`${b.url}/jwt/?token=${token}`, { redirect: 'manual' })).headers.get('x-receiver-result')).toBe('accepted');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('checkToken', () => {
  test('gives the verdict without consuming the jti', async () => {
    const token = await mint({});
    const first = await checkToken({ profile: 'happyfox', secret }, token);
    const second = await checkToken({ profile: 'happyfox', secret }, token);
    expect(first.accepted).toBe(true);
    expect(second.accepted).toBe(true);
    expect(first.identity).toMatchObject({ email: 'jane@example.com' });
  });

  test('judges at the instant given', async () => {
    const iat = 1_700_000_000;
    const token = await mint({}, iat);
    expect((await checkToken({ profile: 'mojo', secret }, token, (iat + 120) * 1000)).accepted).toBe(true);
    const late = await checkToken({ profile: 'mojo', secret }, token, (iat + 121) * 1000);
    expect(late).toMatchObject({ accepted: false, code: 'token_expired' });
  });

  test('a bad tenant config is a ConfigError naming the path', async () => {
    await expect(checkToken({ profile: 'nope' as 'mojo', secret }, 'x.y.z')).rejects.toThrow(ConfigError);
    await expect(checkToken({ profile: 'nope' as 'mojo', secret }, 'x.y.z')).rejects.toThrow(`tenants[0].profile must be one of ${Object.keys(PROFILES).join(', ')}`);
  });
});
