import { failedCheck } from '../helpers/checks';
import { parseConfig } from '../../src/config/load';
import { T0, T0_MS, SECRET, consumeUrl, happyfoxToken, request, sign, startTestReceiver, type TestReceiver } from '../helpers/receiver';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'mojo', profile: 'mojo', secret: SECRET },
    ],
  });
});
afterAll(() => rx.stop());

const consume = (token: string, extra: Record<string, string> = {}, base = rx.url) => consumeUrl(base, '/jwt/', { token, ...extra });
async function verdict(token: string, extra: Record<string, string> = {}) {
  const res = await request(consume(token, extra), { json: true });
  return { res, body: res.status === 302 ? null : res.json() };
}

describe('email addresses that a URL parser would rewrite are refused, not merged into another user', () => {
  test.each(['victim@ex%61mple.com', 'a@0x7f.1', 'a@127.0.0.1', 'a@[127.0.0.1]', 'a@exa_mple.com', 'a@example.com:80', 'a@example.123'])(
    '%s',
    async (email) => {
      expect((await verdict(await happyfoxToken({ email }))).res.result).toBe('claim_invalid');
    },
  );

  test('an address that is too long once its IDN domain is in punycode is refused', async () => {
    const email = `a@${Array.from({ length: 12 }, () => 'bücherbücherbüch').join('.')}.example`;
    expect(email.length).toBeLessThan(254);
    expect((await verdict(await happyfoxToken({ email }))).res.result).toBe('claim_invalid');
  });
});

describe('jti edge cases', () => {
  test.each([[2 ** 53], [-1], [1.5], ['   ']])('jti %p is claim_invalid', async (jti) => {
    expect((await verdict(await happyfoxToken({ jti }))).res.result).toBe('claim_invalid');
  });
});

describe('weak and odd claim values', () => {
  test('an empty name is accepted with a warning and stored as absent', async () => {
    const res = await request(consume(await happyfoxToken({ email: 'empty-name@example.com', name: '' })));
    expect(res.result).toBe('accepted');
    expect((await rx.store.searchUsers({ tenant: 'default' })).find((u) => u.email === 'empty-name@example.com')?.name).toBeNull();
  });

  test('a payload that starts with a UTF-8 byte order mark is payload_invalid', async () => {
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    const payload = Buffer.from(`\uFEFF${JSON.stringify({ iat: T0, jti: 'bom', email: 'b@example.com' })}`).toString('base64url');
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
    expect((await verdict(`${header}.${payload}.${signature}`)).res.result).toBe('payload_invalid');
  });

  test('exp passed but inside the tolerance is a warning; nbf in milliseconds says so', async () => {
    const inside = await verdict(await happyfoxToken({ exp: T0 - 2, iat: T0 - 200 }));
    expect(inside.body.checks.find((c: { name: string }) => c.name === 'exp')).toMatchObject({
      status: 'warn',
      claim: 'exp',
      reason: 'expired',
      actual: 2,
      limit: 5,
      unit: 's',
    });
    const ms = await verdict(await happyfoxToken({ nbf: T0_MS }));
    expect(ms.res.result).toBe('claim_invalid');
    expect(failedCheck(ms.body)).toMatchObject({
      name: 'nbf',
      code: 'claim_invalid',
      claim: 'nbf',
      reason: 'milliseconds',
      actual: T0_MS,
      limit: 1e11,
      unit: 's',
    });
  });

  test('a large negative iat is implausible, not "milliseconds"', async () => {
    const v = await verdict(await happyfoxToken({ iat: -1e12 }));
    expect(v.res.result).toBe('claim_invalid');
    expect(failedCheck(v.body)).toMatchObject({ name: 'iat', code: 'claim_invalid', claim: 'iat', reason: 'implausible', actual: -1e12, unit: 's' });
  });
});

describe('HEAD never spends a token', () => {
  test('HEAD on the consume route is 405 method_not_allowed; the same token then logs in with GET', async () => {
    const token = await happyfoxToken({ email: 'head@example.com' });
    const head = await request(consume(token), { method: 'HEAD' });
    expect(head.status).toBe(405);
    expect(head.result).toBe('method_not_allowed');
    expect(head.headers.get('allow')).toBe('GET');
    expect((await request(consume(token))).result).toBe('accepted');
  });
});

describe('return_to never leaves the tenant', () => {
  test.each(['/t/mojo/home', '/t/mojo/logout', '/_receiver/health'])('%s from the default tenant lands on /home with a warning', async (path) => {
    const res = await request(consume(await happyfoxToken(), { return_to: path }));
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/home');
  });

  test('on a /t/<id>/ tenant such a path stays inside it (it is prefixed)', async () => {
    const res = await request(consume(await happyfoxToken(), { return_to: '/t/x/home' }, `${rx.url}/t/default`));
    expect(res.location).toBe('/t/default/t/x/home');
  });
});

describe('routes', () => {
  test("are case-sensitive, like the vendors' own", async () => {
    const res = await request(consumeUrl(rx.url, '/JWT/', { token: await happyfoxToken() }));
    expect(res.status).toBe(404);
    expect(res.result).toBe('route_unknown');
  });

  test("the default tenant's cookie covers both of its homes, / and /t/default/", async () => {
    const res = await request(consume(await happyfoxToken({ email: 'both@example.com' }), {}, `${rx.url}/t/default`));
    expect(res.headers.get('set-cookie')).toMatch(/path=\/;/);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect((await request(`${rx.url}/home`, { headers: { cookie } })).body).toContain('both@example.com');
  });
});

describe('config', () => {
  test('whitelisting is a HappyFox setting', () => {
    expect(() => parseConfig({ tenants: [{ id: 'm', profile: 'mojo', secret: 's', whitelist: { enabled: true, domains: ['a.example'] } }] })).toThrow(
      /tenants\[0\]\.whitelist\.enabled is a HappyFox setting/,
    );
  });
});

describe('housekeeping reads the earlier of the receiver clock and real time', () => {
  test('moving the clock ahead and back does not reopen a spent jti', async () => {
    const now = Date.now();
    const live = await startTestReceiver({ store: { housekeepingIntervalSeconds: 1 } }, { freezeAt: now });
    try {
      const token = await sign({ iat: Math.floor(now / 1000), jti: `moved-${now}`, email: 'moved@example.com' });
      expect((await request(consumeUrl(live.url, '/jwt/', { token }))).result).toBe('accepted');
      live.clock.advance(600_000);
      await new Promise((resolve) => setTimeout(resolve, 1300)); // one housekeeping sweep
      live.clock.freeze(now);
      expect((await request(consumeUrl(live.url, '/jwt/', { token }))).result).toBe('token_replayed');
    } finally {
      await live.stop();
    }
  });
});
