import { readDb } from '../helpers/database';
import { SECRET, T0, T0_MS, consumeUrl, happyfoxToken, mojoToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { api, expectError, expectJson } from './support';

let rx: TestReceiver;
const ids: Record<string, number> = {};

/** Consumes a token and returns the attempt id the JSON refusal names, or the newest attempt's id. */
async function consume(url: string): Promise<number> {
  await request(url, { json: true });
  const [latest] = (await rx.store.searchAttempts({ tenant: 'default', limit: 1 }))
    .concat(await rx.store.searchAttempts({ tenant: 'helpdesk', limit: 1 }))
    .sort((a, b) => b.id - a.id);
  return latest!.id;
}

beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'helpdesk', profile: 'mojo', secret: SECRET },
    ],
  });
  const jane = await happyfoxToken({ email: 'Jane@Example.com', jti: 'attempt-jti-1' });
  ids.accepted = await consume(consumeUrl(rx.url, '/jwt/', { token: jane }));
  ids.replayed = await consume(consumeUrl(rx.url, '/jwt/', { token: jane }));
  rx.clock.freeze(T0_MS + 5000);
  ids.expired = await consume(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat: T0 - 500, email: 'old@example.com' }) }));
  ids.mojo = await consume(consumeUrl(`${rx.url}/t/helpdesk`, '/jwt/consume', { token: await mojoToken() }));
  rx.clock.freeze(T0_MS);
});
afterAll(() => rx.stop());

const listIds = async (query: string): Promise<number[]> =>
  expectJson(await api(rx.url, 'GET', `/attempts${query}`), 200).attempts.map((a: { id: number }) => a.id);

describe('GET /_receiver/attempts', () => {
  test('every attempt, newest first, with its verdict and never the token', async () => {
    const res = await api(rx.url, 'GET', '/attempts');
    const { attempts } = expectJson(res, 200);
    expect(attempts.map((a: { id: number }) => a.id)).toEqual([ids.mojo, ids.expired, ids.replayed, ids.accepted]);
    expect(attempts[3]).toEqual({
      id: ids.accepted,
      tenant: 'default',
      at: T0_MS,
      route: 'GET /jwt/',
      accepted: true,
      code: null,
      checks: expect.arrayContaining([expect.objectContaining({ name: 'replay', status: 'pass' })]),
      header: { alg: 'HS256', typ: 'JWT' },
      claims: expect.objectContaining({ jti: 'attempt-jti-1' }),
      email: 'jane@example.com',
      userId: expect.any(Number),
      clientIp: expect.stringMatching(/127\.0\.0\.1/),
      referer: null,
    });
    expect(res.body).not.toMatch(/eyJ/); // no token, not even its header part
  });

  test.each([
    ['?tenant=helpdesk', () => [ids.mojo]],
    ['?tenant=default&accepted=false', () => [ids.expired, ids.replayed]],
    ['?accepted=true', () => [ids.mojo, ids.accepted]],
    ['?code=token_replayed', () => [ids.replayed]],
    ['?email=JANE@example.com', () => [ids.replayed, ids.accepted]],
    [`?since=${T0_MS + 1}`, () => [ids.mojo, ids.expired]],
    [`?since=${new Date(T0_MS + 5000).toISOString()}`, () => [ids.mojo, ids.expired]],
    ['?since=2026-01-15T13:00:04%2B01:00', () => [ids.mojo, ids.expired]],
    ['?limit=2', () => [ids.mojo, ids.expired]],
    ['?tenant=nobody-here', () => []],
  ])('filter %s', async (query, expected) => {
    expect(await listIds(query)).toEqual(expected());
  });

  test.each([
    ['?limit=0', 'limit must be at least 1'],
    ['?limit=1001', 'limit must be at most 1000'],
    ['?limit=ten', 'limit must be a whole number'],
    ['?accepted=yes', 'accepted must be one of true, false'],
    ['?code=expired', 'code must be a stable error code, such as token_expired (the README lists them)'],
    ['?since=yesterday', 'since must be an ISO 8601 date-time with Z or an offset (2026-01-15T12:00:00Z), or milliseconds since the epoch'],
    ['?since=2026-01-15T12:00:00', 'since must be an ISO 8601 date-time with Z or an offset (2026-01-15T12:00:00Z), or milliseconds since the epoch'],
    ['?tenant=Not_An_Id', 'tenant must be a tenant id (1-63 lower-case letters, digits or dashes)'],
    ['?tenant=a&tenant=b', 'tenant is given more than once'],
    ['?tenants=a', 'tenants is not a known parameter'],
  ])('%s is refused with request_invalid naming the parameter', async (query, problem) => {
    const body = expectError(await api(rx.url, 'GET', `/attempts${query}`), 400, 'request_invalid');
    expect(body.problems).toEqual([problem]);
    expect(body.detail).toContain(problem);
  });
});

describe('GET /_receiver/attempts/:id', () => {
  test('an accepted attempt: its replay key held in the ledger, the user and the live session it created', async () => {
    const body = expectJson(await api(rx.url, 'GET', `/attempts/${ids.accepted}`), 200);
    expect(body).toMatchObject({ id: ids.accepted, accepted: true, email: 'jane@example.com' });
    expect(body.replay).toEqual({ kind: 'jti', key: 'jti:attempt-jti-1', held: true, usedAt: T0_MS, keepUntil: (T0 + 120 + 60) * 1000 });
    expect(body.user).toMatchObject({ id: body.userId, tenant: 'default', email: 'jane@example.com', name: 'Jane Doe', loginCount: 1, createdAt: T0_MS });
    expect(body.session).toEqual({ ref: expect.stringMatching(/^[A-Za-z0-9_-]{8}$/), state: 'live', createdAt: T0_MS, expiresAt: T0_MS + 28800 * 1000 });
    // The reference is the start of the stored hash's digest, never the cookie value; the hash opens
    // with the session's creation time (ms, base36), so the table keeps sessions in the order they were made.
    const [stored] = readDb(rx, (db) => db.prepare('SELECT id_hash FROM sessions').pluck().all()) as string[];
    expect(stored?.slice(10, 18)).toBe(body.session.ref);
    expect(stored?.slice(9, 10)).toBe('.');
    expect(Number.parseInt(stored!.slice(0, 9), 36)).toBe(T0_MS);
    const sessions = expectJson(await api(rx.url, 'GET', '/sessions?tenant=default'), 200).sessions;
    expect(sessions.map((s: { ref: string }) => s.ref)).toContain(body.session.ref);
  });

  test('a replay: the ledger row of the earlier use, and nothing created', async () => {
    const body = expectJson(await api(rx.url, 'GET', `/attempts/${ids.replayed}`), 200);
    expect(body).toMatchObject({ accepted: false, code: 'token_replayed', userId: null, user: null, session: null });
    expect(body.replay).toMatchObject({ kind: 'jti', key: 'jti:attempt-jti-1', held: true, usedAt: T0_MS });
  });

  test('Mojo has no jti: the key is the hash of the signed content', async () => {
    const body = expectJson(await api(rx.url, 'GET', `/attempts/${ids.mojo}`), 200);
    expect(body.replay).toMatchObject({ kind: 'content', key: expect.stringMatching(/^sha256:[A-Za-z0-9_-]{43}$/), held: true });
  });

  test('a refusal before replay has neither key, user nor session', async () => {
    const body = expectJson(await api(rx.url, 'GET', `/attempts/${ids.expired}`), 200);
    expect(body).toMatchObject({ code: 'token_expired', replay: null, user: null, session: null });
  });

  test('an unknown id is attempt_unknown (404); a non-number is request_invalid', async () => {
    expectError(await api(rx.url, 'GET', '/attempts/999999'), 404, 'attempt_unknown');
    expect(expectError(await api(rx.url, 'GET', '/attempts/abc'), 400, 'request_invalid').problems).toEqual(['id must be an attempt number (got "abc")']);
  });
});
