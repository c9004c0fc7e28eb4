import { SignJWT } from 'jose';
import { AttemptTimeoutError, startReceiver, type Receiver } from '../../src';

const T0 = Date.UTC(2026, 0, 15, 12);
const jti = () => crypto.randomUUID();
const mint = (claims: Record<string, unknown> = {}, { key = 'acme-secret', iatMs = T0 } = {}) =>
  new SignJWT({ email: 'jane@example.com', name: 'Jane Doe', jti: jti(), ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(Math.floor(iatMs / 1000))
    .sign(Buffer.from(key));
const consume = async (url: string) => (await fetch(url, { redirect: 'manual' })).headers.get('x-receiver-result');

let rx: Receiver;
beforeEach(async () => {
  rx = await startReceiver({
    tenants: [
      { id: 'acme', profile: 'happyfox', secret: 'acme-secret', options: { sessionTtlSeconds: 60 } },
      { id: 'mojo', profile: 'mojo', secret: 'mojo-secret' },
    ],
  });
  rx.clock.freeze(T0);
});
afterEach(() => rx.close());

const acme = async (claims?: Record<string, unknown>, opts?: { key?: string; iatMs?: number }) =>
  consume(`${rx.tenantUrl('acme')}/jwt/?token=${await mint(claims, opts)}`);
const mojo = async (claims?: Record<string, unknown>) => consume(`${rx.tenantUrl('mojo')}/jwt/consume?token=${await mint(claims, { key: 'mojo-secret' })}`);

describe('attempts(filter)', () => {
  test('newest first, narrowed by tenant, email, accepted, code, since and limit', async () => {
    expect(await acme()).toBe('accepted'); // 1
    expect(await acme({ email: 'Bob@Example.com' }, { key: 'wrong' })).toBe('signature_invalid'); // 2
    rx.clock.advance(10_000);
    expect(await mojo({ email: 'bob@example.com' })).toBe('accepted'); // 3
    expect(await acme({}, { iatMs: T0 - 200_000 })).toBe('token_expired'); // 4

    expect((await rx.attempts()).map((a) => a.id)).toEqual([4, 3, 2, 1]);
    expect((await rx.attempts({ tenant: 'acme' })).map((a) => a.id)).toEqual([4, 2, 1]);
    expect((await rx.attempts({ accepted: true })).map((a) => a.id)).toEqual([3, 1]);
    expect((await rx.attempts({ accepted: false, tenant: 'acme' })).map((a) => a.code)).toEqual(['token_expired', 'signature_invalid']);
    expect((await rx.attempts({ code: 'token_expired' })).map((a) => a.id)).toEqual([4]);
    expect((await rx.attempts({ code: null })).map((a) => a.id)).toEqual([3, 1]);
    expect((await rx.attempts({ email: 'BOB@example.com' })).map((a) => a.id)).toEqual([3]); // a refused token's email is not read past a bad signature
    expect((await rx.attempts({ since: T0 + 10_000 })).map((a) => a.id)).toEqual([4, 3]);
    expect(await rx.attempts({ since: new Date(T0 + 10_001) })).toEqual([]);
    expect((await rx.attempts({ limit: 2 })).map((a) => a.id)).toEqual([4, 3]);
    expect((await rx.lastAttempt())?.id).toBe(4);
    expect((await rx.lastAttempt({ tenant: 'mojo' }))?.id).toBe(3);
    expect(await rx.lastAttempt({ code: 'token_replayed' })).toBeUndefined();
    await expect(rx.attempts({ limit: -1 })).rejects.toThrow('limit must be a whole number');
  });

  test('an attempt carries the verdict with its checks and claims, never the token', async () => {
    const token = await mint({ email: 'jane@example.com' });
    await consume(`${rx.tenantUrl('acme')}/jwt/?token=${token}`);
    const attempt = await rx.lastAttempt();
    expect(attempt).toMatchObject({
      tenant: 'acme',
      at: T0,
      route: expect.stringContaining('/jwt/'),
      accepted: true,
      code: null,
      email: 'jane@example.com',
      header: { alg: 'HS256' },
    });
    expect(attempt?.claims).toMatchObject({ email: 'jane@example.com', name: 'Jane Doe' });
    expect(attempt?.checks.map((c) => c.name)).toContain('replay');
    expect(attempt?.userId).toBe((await rx.users())[0]?.id);
    expect(JSON.stringify(await rx.attempts())).not.toContain(token.split('.')[2]);
  });
});

describe('users() and sessions()', () => {
  test('users created and counted per tenant; sessions live by the receiver clock', async () => {
    await acme();
    await acme();
    await mojo({ email: 'john@example.com', first_name: 'John' });
    expect(await rx.users()).toMatchObject([
      { tenant: 'acme', email: 'jane@example.com', name: 'Jane Doe', loginCount: 2, createdAt: T0, lastLoginAt: T0 },
      { tenant: 'mojo', email: 'john@example.com', firstName: 'John', loginCount: 1 },
    ]);
    expect(await rx.users({ tenant: 'mojo' })).toHaveLength(1);
    expect(await rx.users({ email: 'JANE@example.com' })).toHaveLength(1);
    expect(await rx.sessions()).toHaveLength(3);
    expect(await rx.sessions({ tenant: 'acme' })).toMatchObject([
      { tenant: 'acme', email: 'jane@example.com', createdAt: T0, expiresAt: T0 + 60_000 },
      { tenant: 'acme', email: 'jane@example.com' },
    ]);
    rx.clock.advance(60_000); // acme's sessionTtlSeconds
    expect(await rx.sessions({ tenant: 'acme' })).toEqual([]);
    expect(await rx.sessions({ tenant: 'acme', includeExpired: true })).toHaveLength(2);
    expect(await rx.sessions({ email: 'john@example.com' })).toHaveLength(1);
  });
});

describe('waitForAttempt(filter, timeoutMs)', () => {
  test('resolves with the first matching attempt recorded after the call, not an earlier one', async () => {
    await acme(); // before the call: does not count
    const waiting = rx.waitForAttempt({ tenant: 'acme', accepted: true });
    await acme({}, { key: 'wrong' }); // does not match
    await mojo(); // does not match
    await acme({ email: 'second@example.com' });
    await acme({ email: 'third@example.com' });
    await expect(waiting).resolves.toMatchObject({ id: 4, email: 'second@example.com' });
  });

  test('resolves while the request is still in flight elsewhere (the IdP under test sends it)', async () => {
    const token = await mint();
    const [attempt] = await Promise.all([rx.waitForAttempt({ email: 'jane@example.com' }, 2000), consume(`${rx.tenantUrl('acme')}/jwt/?token=${token}`)]);
    expect(attempt).toMatchObject({ accepted: true, tenant: 'acme' });
  });

  test('rejects after the timeout with an AttemptTimeoutError naming what arrived instead', async () => {
    const waiting = rx.waitForAttempt({ tenant: 'acme', accepted: true }, 300);
    await acme({}, { iatMs: T0 - 200_000 });
    const error: AttemptTimeoutError = await waiting.then(
      () => Promise.reject(new Error('resolved')),
      (e: AttemptTimeoutError) => e,
    );
    expect(error).toBeInstanceOf(AttemptTimeoutError);
    expect(error.code).toBe('attempt_timeout');
    expect(error.message).toBe(
      'waitForAttempt: no attempt matching { tenant: "acme", accepted: true } was recorded within 300 ms (1 other attempt(s) were: #1 acme token_expired jane@example.com)',
    );
    expect(error.others).toHaveLength(1);
    await expect(rx.waitForAttempt({}, 50)).rejects.toThrow('no attempt matching any attempt was recorded within 50 ms (no attempt at all was recorded)');
  });

  test('bad arguments and closing reject at once', async () => {
    await expect(rx.waitForAttempt({}, -1)).rejects.toThrow('timeoutMs must be a number of ms >= 0');
    await expect(rx.waitForAttempt({ tenant: 'nope' })).rejects.toThrow('no tenant "nope"');
    await expect(rx.waitForAttempt({ since: Number.NaN })).rejects.toThrow('since must be');
    const waiting = rx.waitForAttempt({ accepted: true }, 10_000);
    await rx.close();
    await expect(waiting).rejects.toThrow('waitForAttempt { accepted: true }: the receiver was closed');
  });

  test('still finds the attempt when reset() runs while waiting (ids start again at 1)', async () => {
    await acme();
    await acme();
    const waiting = rx.waitForAttempt({ tenant: 'mojo' });
    await rx.reset();
    await mojo();
    await expect(waiting).resolves.toMatchObject({ id: 1, tenant: 'mojo' });
  });
});

describe('reset()', () => {
  test('forgets attempts, users, sessions and spent jtis; the clock is real again; tenants stay', async () => {
    const token = await mint({}, { iatMs: Date.now() });
    rx.clock.reset();
    expect(await consume(`${rx.tenantUrl('acme')}/jwt/?token=${token}`)).toBe('accepted');
    expect(await consume(`${rx.tenantUrl('acme')}/jwt/?token=${token}`)).toBe('token_replayed');
    rx.clock.freeze(T0);
    await rx.reset();
    expect(await rx.attempts()).toEqual([]);
    expect(await rx.users()).toEqual([]);
    expect(await rx.sessions({ includeExpired: true })).toEqual([]);
    expect(Math.abs(rx.clock.now() - Date.now())).toBeLessThan(1000);
    expect(await consume(`${rx.tenantUrl('acme')}/jwt/?token=${token}`)).toBe('accepted'); // the ledger forgot the jti
    expect(await rx.attempts()).toMatchObject([{ id: 1, accepted: true }]);
  });
});

describe('parallel receivers share nothing', () => {
  test('the same jti is accepted once by each; resetting one leaves the other', async () => {
    const options = { secret: 'shared-secret' };
    const [a, b] = await Promise.all([startReceiver(options), startReceiver(options)]);
    try {
      expect(a.url).not.toBe(b.url);
      const token = await mint({}, { key: 'shared-secret', iatMs: Date.now() });
      const results = await Promise.all([a, b].map((r) => consume(`${r.url}/jwt/?token=${token}`)));
      expect(results).toEqual(['accepted', 'accepted']);
      expect(await consume(`${a.url}/jwt/?token=${token}`)).toBe('token_replayed');
      a.clock.freeze(T0);
      expect(b.clock.now()).not.toBe(T0);
      await a.reset();
      expect(await a.attempts()).toEqual([]);
      expect((await b.attempts()).map((x) => x.accepted)).toEqual([true]);
      expect(await b.users()).toHaveLength(1);
      expect(await consume(`${b.url}/jwt/?token=${token}`)).toBe('token_replayed');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
