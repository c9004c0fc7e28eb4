import { T0, T0_MS, consumeUrl, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { readDb } from '../helpers/database';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver();
});
afterAll(() => rx.stop());

describe('every consume attempt is recorded', () => {
  test('accepted: tenant, time, route, checks, header, claims, user, client address and Referer without its query', async () => {
    const token = await happyfoxToken({ email: 'rec@example.com', jti: 'rec-1' });
    await request(consumeUrl(rx.url, '/jwt/', { token }), { headers: { referer: 'https://idp.example.com/sso/happyfox?code=s3cr3t#frag' } });
    const [a] = await rx.store.searchAttempts({ tenant: 'default', limit: 1 });
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
    let [a] = await rx.store.searchAttempts({ tenant: 'default', limit: 1 });
    expect(a).toMatchObject({ accepted: false, code: 'token_expired', userId: null });
    await request(`${rx.url}/jwt/`);
    [a] = await rx.store.searchAttempts({ tenant: 'default', limit: 1 });
    expect(a).toMatchObject({ accepted: false, code: 'token_missing', header: null, claims: null });
    expect(a?.checks).toEqual([expect.objectContaining({ name: 'request', status: 'fail', code: 'token_missing' })]);
  });

  test('the response names the attempt so a developer can find it', async () => {
    const res = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat: T0 - 500 }) }), { json: true });
    const [a] = await rx.store.searchAttempts({ tenant: 'default', limit: 1 });
    expect(res.json().attempt).toBe(a?.id);
  });
});

describe('a replay names the attempt that spent the key', () => {
  test('refused with firstAttempt, the accepted attempt of the first use', async () => {
    const token = await happyfoxToken({ jti: 'spender-1' });
    const first = await request(consumeUrl(rx.url, '/jwt/', { token }), { json: true });
    const again = await request(consumeUrl(rx.url, '/jwt/', { token }), { json: true });
    const replay = (again.json().checks as Array<{ name: string; firstAttempt?: number }>).find((c) => c.name === 'replay');
    expect({ first: first.result, again: again.result, firstAttempt: replay?.firstAttempt }).toEqual({
      first: 'accepted',
      again: 'token_replayed',
      firstAttempt: Number(first.headers.get('x-receiver-attempt')),
    });
  });

  test('found through the ledger row of the key (its primary key), not by walking the tenant attempts (each replay would scan them)', () => {
    const plan = readDb(rx, (db) =>
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT a.id FROM replay_ledger l JOIN attempts a ON a.id = l.attempt_id AND a.tenant = l.tenant AND a.replay_key = l.replay_key
          WHERE l.tenant = ? AND l.replay_key = ?`,
        )
        .all('default', 'jti:x'),
    ) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail)).toEqual(['SEARCH l USING PRIMARY KEY (tenant=? AND replay_key=?)', 'SEARCH a USING INTEGER PRIMARY KEY (rowid=?)']);
  });

  test('an accepted login writes no attempts index keyed by its replay key (migration 005 dropped attempts_spender)', () => {
    const indexes = readDb(rx, (db) =>
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'attempts' AND sql IS NOT NULL").pluck().all(),
    );
    expect(indexes).toEqual(['attempts_tenant_id']);
  });
});
