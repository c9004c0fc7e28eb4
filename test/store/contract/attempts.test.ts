import type { ReceiverStore } from '../../../src/store/contract';
import type { AttemptRow } from '../../../src/store/types';
import { engines } from './engines';
import { T0, loginInput, refusal } from './fixtures';

/** The store contract, part 2: attempts recorded, found, ordered, limited, and heard after commit. Both engines. */
describe.each(engines())('$name store: attempts', (engine) => {
  let store: ReceiverStore;
  beforeEach(async () => {
    store = await engine.open();
  });
  afterAll(() => engine.cleanup());

  test('a refusal is recorded as given, JSON kept in its order, and found by id', async () => {
    expect(await store.lastAttemptId()).toBe(0);
    const id = await store.recordAttempt(refusal({ atMs: T0 + 7 }));
    expect(id).toEqual(expect.any(Number));
    expect(await store.lastAttemptId()).toBe(id);
    const row = await store.attempt(id!);
    expect(row).toEqual({
      id,
      tenant: 'default',
      at: T0 + 7,
      route: 'GET /jwt/',
      accepted: false,
      code: 'token_expired',
      checks: [{ name: 'exp', status: 'fail', code: 'token_expired', message: 'expired' }],
      header: { alg: 'HS256' },
      claims: { z: 1, a: 2 },
      email: 'jane@example.com',
      userId: null,
      clientIp: null,
      referer: null,
      replayKey: null,
      sessionHash: null,
    });
    expect(Object.keys(row!.claims as object)).toEqual(['z', 'a']); // never re-ordered (no jsonb)
    expect(await store.attempt(id! + 1000)).toBeUndefined();
  });

  test('an accepted attempt keeps the key it spent and the session it made', async () => {
    const done = await store.login(loginInput({ key: 'jti:k1', sessionId: 's-1' }));
    if (!done.ok) throw new Error('refused');
    expect(await store.attempt(done.attemptId)).toMatchObject({
      accepted: true,
      code: null,
      userId: done.userId,
      replayKey: 'jti:k1',
      sessionHash: expect.any(String),
    });
  });

  describe('search', () => {
    let ids: number[];
    beforeEach(async () => {
      ids = [];
      const add = async (p: Promise<number | null | { ok: boolean; attemptId?: number }>) => {
        const r = await p;
        ids.push(typeof r === 'number' ? r : (r as { attemptId: number }).attemptId);
      };
      await add(store.recordAttempt(refusal({ atMs: T0, code: 'token_expired', email: 'Ann@Example.com' })));
      await add(store.login(loginInput({ atMs: T0 + 1, email: 'bob@example.com' })));
      await add(store.recordAttempt(refusal({ atMs: T0 + 2, code: 'signature_invalid', tenant: 'other', email: null })));
      await add(store.recordAttempt(refusal({ atMs: T0 + 3, code: 'token_expired', email: 'bob@example.com' })));
    });
    const idsOf = (rows: AttemptRow[]) => rows.map((r) => r.id);

    test('newest first by default, oldest on request, limited', async () => {
      expect(idsOf(await store.searchAttempts())).toEqual([...ids].reverse());
      expect(idsOf(await store.searchAttempts({ order: 'oldest' }))).toEqual(ids);
      expect(idsOf(await store.searchAttempts({ limit: 2 }))).toEqual([ids[3], ids[2]]);
      expect(idsOf(await store.searchAttempts({ limit: 2, order: 'oldest' }))).toEqual([ids[0], ids[1]]);
      expect(await store.searchAttempts({ limit: 0 })).toEqual([]);
      expect(idsOf(await store.searchAttempts({ limit: -1 }))).toHaveLength(4); // negative: no limit, as SQLite reads it
    });

    test('each filter narrows: tenant, email (any case), accepted, code, code null, since, after', async () => {
      expect(idsOf(await store.searchAttempts({ tenant: 'other' }))).toEqual([ids[2]]);
      expect(idsOf(await store.searchAttempts({ email: 'ANN@example.COM' }))).toEqual([ids[0]]);
      expect(idsOf(await store.searchAttempts({ accepted: true }))).toEqual([ids[1]]);
      expect(idsOf(await store.searchAttempts({ accepted: false, tenant: 'default' }))).toEqual([ids[3], ids[0]]);
      expect(idsOf(await store.searchAttempts({ code: 'token_expired' }))).toEqual([ids[3], ids[0]]);
      expect(idsOf(await store.searchAttempts({ code: null }))).toEqual([ids[1]]);
      expect(idsOf(await store.searchAttempts({ sinceMs: T0 + 2 }))).toEqual([ids[3], ids[2]]);
      expect(idsOf(await store.searchAttempts({ afterId: ids[1], order: 'oldest' }))).toEqual([ids[2], ids[3]]);
      expect(idsOf(await store.searchAttempts({ email: 'bob@example.com', code: 'token_expired', tenant: 'default' }))).toEqual([ids[3]]);
    });
  });

  test('listeners hear each committed attempt once, in order; a replay refused by the ledger is not an attempt', async () => {
    const heard: AttemptRow[] = [];
    const listener = (a: AttemptRow) => heard.push(a);
    store.on('attempt', listener).on('attempt', listener);
    const login = await store.login(loginInput({ key: 'jti:ev' }));
    await store.login(loginInput({ key: 'jti:ev' }));
    const refused = await store.recordAttempt(refusal());
    expect(heard.map((a) => [a.id, a.accepted])).toEqual([
      [(login as { attemptId: number }).attemptId, true],
      [refused, false],
    ]);
    expect(heard[1]).toEqual((await store.searchAttempts({ limit: 1 }))[0]);
    store.off('attempt', listener);
    await store.recordAttempt(refusal());
    expect(heard).toHaveLength(2);
  });
});
