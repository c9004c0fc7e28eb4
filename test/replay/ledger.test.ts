import { readDb } from '../helpers/database';
import { T0, T0_MS, consumeUrl, happyfoxToken, mojoToken, request, startTestReceiver, SECRET, type TestReceiver } from '../helpers/receiver';

let rx: TestReceiver;
beforeEach(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'mojo', profile: 'mojo', secret: SECRET },
    ],
    store: { attemptsPerTenant: 5 },
  });
});
afterEach(() => rx.stop());

const ledgerRows = () =>
  readDb(rx, (db) => db.prepare('SELECT tenant, replay_key AS key, keep_until AS keepUntil FROM replay_ledger').all()) as Array<{
    tenant: string;
    key: string;
    keepUntil: number;
  }>;
const housekeeping = () => rx.store.housekeeping(rx.clock.nowMs(), ['default', 'mojo']);

describe('the replay ledger', () => {
  test('keeps a jti exactly as long as a token carrying it could be accepted (iat + 120 s + margin)', async () => {
    const token = await happyfoxToken({ jti: 'keep-me' });
    expect((await request(consumeUrl(rx.url, '/jwt/', { token }))).result).toBe('accepted');
    expect(ledgerRows()).toEqual([{ tenant: 'default', key: 'jti:keep-me', keepUntil: (T0 + 120 + 60) * 1000 }]);

    rx.clock.freeze(T0_MS + 179_000);
    expect((await housekeeping()).ledger).toBe(0);
    expect(ledgerRows()).toHaveLength(1);
    // Still inside the window: a replay is refused as a replay.
    rx.clock.freeze(T0_MS + 60_000);
    expect((await request(consumeUrl(rx.url, '/jwt/', { token }))).result).toBe('token_replayed');

    rx.clock.freeze(T0_MS + 181_000);
    expect((await housekeeping()).ledger).toBe(1);
    expect(ledgerRows()).toHaveLength(0);
    // Forgotten, but the token is long expired, so it still cannot log anyone in.
    expect((await request(consumeUrl(rx.url, '/jwt/', { token }))).result).toBe('token_expired');
  });

  test('does not grow without bound: 300 logins spread over time leave only the live window', async () => {
    for (let i = 0; i < 300; i += 1) {
      rx.clock.freeze(T0_MS + i * 10_000); // one login every 10 s
      const iat = T0 + i * 10;
      const res = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat, email: `u${i % 7}@example.com` }) }));
      expect(res.result).toBe('accepted');
      if (i % 25 === 0) await housekeeping();
    }
    await housekeeping();
    // keep_until = iat + 180 s: at most 19 logins (one per 10 s) are younger than that.
    expect(ledgerRows().length).toBeLessThanOrEqual(19);
  });

  test('Mojo content keys are pruned the same way', async () => {
    await request(consumeUrl(`${rx.url}/t/mojo`, '/jwt/consume', { token: await mojoToken() }));
    expect(ledgerRows()[0]).toMatchObject({ tenant: 'mojo', keepUntil: (T0 + 180) * 1000 });
    expect(ledgerRows()[0]?.key).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    rx.clock.freeze(T0_MS + 181_000);
    await housekeeping();
    expect(ledgerRows()).toHaveLength(0);
  });

  test('a jti is per tenant: the same jti at another tenant is not a replay', async () => {
    const other = await startTestReceiver({
      tenants: [
        { id: 'default', profile: 'happyfox', secret: SECRET },
        { id: 'b', profile: 'happyfox', secret: SECRET },
      ],
    });
    try {
      expect((await request(consumeUrl(other.url, '/jwt/', { token: await happyfoxToken({ jti: 'shared' }) }))).result).toBe('accepted');
      expect((await request(consumeUrl(`${other.url}/t/b`, '/jwt/', { token: await happyfoxToken({ jti: 'shared' }) }))).result).toBe('accepted');
      expect((await request(consumeUrl(`${other.url}/t/b`, '/jwt/', { token: await happyfoxToken({ jti: 'shared' }) }))).result).toBe('token_replayed');
    } finally {
      await other.stop();
    }
  });

  test('the attempts table keeps the newest N per tenant', async () => {
    for (let i = 0; i < 12; i += 1) await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat: T0 - 500 }) }));
    for (let i = 0; i < 3; i += 1) await request(consumeUrl(`${rx.url}/t/mojo`, '/jwt/consume', { token: await mojoToken({ email: `m${i}@example.com` }) }));
    expect(await rx.store.searchAttempts({ tenant: 'default', limit: 100 })).toHaveLength(12);
    expect((await housekeeping()).attempts).toBe(7);
    const kept = await rx.store.searchAttempts({ tenant: 'default', limit: 100 });
    expect(kept).toHaveLength(5);
    expect(kept.map((a) => a.id)).toEqual([...kept.map((a) => a.id)].sort((a, b) => b - a));
    expect(await rx.store.searchAttempts({ tenant: 'mojo', limit: 100 })).toHaveLength(3);
  });
});
