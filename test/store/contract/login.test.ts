import type { ReceiverStore } from '../../../src/store/contract';
import { hashSessionId } from '../../../src/store/sessions';
import { engines } from './engines';
import { HOUR, T0, loginInput } from './fixtures';

/** The store contract, part 1: spending a replay key, the user upsert, sessions. Same rules, both engines. */
describe.each(engines())('$name store: logins', (engine) => {
  let store: ReceiverStore;
  beforeEach(async () => {
    store = await engine.open();
  });
  afterAll(() => engine.cleanup());

  test('a key is spent once: the second use is replayed with when and by which attempt, and writes nothing', async () => {
    const first = await store.login(loginInput({ key: 'jti:one', atMs: T0 }));
    if (!first.ok) throw new Error('first login refused');
    const again = await store.login(loginInput({ key: 'jti:one', atMs: T0 + 5000, name: 'Changed' }));
    expect(again).toEqual({ ok: false, replay: { state: 'replayed', usedAtMs: T0, firstAttempt: first.attemptId } });
    const users = await store.searchUsers();
    expect(users.map((u) => [u.loginCount, u.name])).toEqual([[1, 'Jane Doe']]);
    expect(await store.searchAttempts()).toHaveLength(1);
    expect(await store.searchSessions({ liveAtMs: null })).toHaveLength(1);
    expect(await store.replayState('default', 'jti:one')).toEqual({ state: 'replayed', usedAtMs: T0, firstAttempt: first.attemptId });
    expect(await store.ledgerEntry('default', 'jti:one')).toEqual({ usedAt: T0, keepUntil: T0 + HOUR });
  });

  test('a key unspent is unspent; the same key on another tenant is its own', async () => {
    expect(await store.replayState('default', 'jti:two')).toEqual({ state: 'unspent' });
    expect(await store.ledgerEntry('default', 'jti:two')).toBeUndefined();
    await store.login(loginInput({ key: 'jti:two' }));
    await expect(store.login(loginInput({ key: 'jti:two', tenant: 'other' }))).resolves.toMatchObject({ ok: true });
  });

  test('50 concurrent uses of one key: exactly one login, 49 replays naming it', async () => {
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => store.login(loginInput({ key: 'jti:race', atMs: T0 + i }))));
    const won = outcomes.filter((o) => o.ok);
    expect(won).toHaveLength(1);
    const winner = won[0] as { attemptId: number };
    const firstAttempts = outcomes.flatMap((o) => (o.ok ? [] : [o.replay.firstAttempt]));
    expect(firstAttempts).toEqual(Array(49).fill(winner.attemptId));
    expect((await store.searchUsers())[0]?.loginCount).toBe(1);
  });

  test('a verdict without a replay key logs in every time', async () => {
    await store.login(loginInput({ key: null }));
    const again = await store.login(loginInput({ key: null }));
    if (!again.ok) throw new Error('refused');
    expect((await store.user(again.userId))?.loginCount).toBe(2);
  });

  test('the user is upserted by tenant and identity: counted, updated, created once', async () => {
    const a = await store.login(loginInput({ atMs: T0, name: 'Jane' }));
    const b = await store.login(loginInput({ atMs: T0 + 1000, name: 'Jane Q.' }));
    const c = await store.login(loginInput({ atMs: T0 + 2000, tenant: 'other' }));
    if (!a.ok || !b.ok || !c.ok) throw new Error('refused');
    // The outcome names the user; the row is read by id.
    expect(b.userId).toBe(a.userId);
    expect(await store.user(a.userId)).toEqual({
      id: a.userId,
      tenant: 'default',
      identityKey: 'jane@example.com',
      email: 'jane@example.com',
      name: 'Jane Q.',
      firstName: null,
      lastName: null,
      externalId: null,
      attributes: '{"role":"end-user"}',
      loginCount: 2,
      createdAt: T0,
      lastLoginAt: T0 + 1000,
    });
    expect(c.userId).not.toBe(a.userId);
    expect(await store.user(999_999)).toBeUndefined();
    expect((await store.searchUsers({ email: 'JANE@example.com' })).map((u) => u.tenant)).toEqual(['default', 'other']);
    expect((await store.searchUsers({ tenant: 'other' })).map((u) => u.id)).toEqual([c.userId]);
  });

  test('sessions: found live by cookie on its tenant, by hash, ended once; a login replaces the one it came with', async () => {
    const login = loginInput({ sessionId: 'cookie-1', atMs: T0, sessionTtlMs: HOUR });
    const done = await store.login(login);
    if (!done.ok) throw new Error('refused');
    const row = { idHash: hashSessionId('cookie-1'), tenant: 'default', userId: done.userId, createdAt: T0, expiresAt: T0 + HOUR };
    expect(await store.findSession('cookie-1', 'default', T0 + 1)).toEqual(row);
    expect(await store.findSession('cookie-1', 'default', T0 + HOUR)).toBeUndefined();
    expect(await store.findSession('cookie-1', 'other', T0 + 1)).toBeUndefined();
    expect(await store.sessionByHash(row.idHash)).toEqual(row);
    await store.login(loginInput({ sessionId: 'cookie-2', replacesSessionId: 'cookie-1', atMs: T0 + 10 }));
    expect(await store.findSession('cookie-1', 'default', T0 + 11)).toBeUndefined();
    expect(await store.endSession('cookie-2')).toBe(true);
    expect(await store.endSession('cookie-2')).toBe(false);
  });

  test('session lists: live newest first with a limit; searches oldest first, expired ones on request, by email', async () => {
    await store.login(loginInput({ atMs: T0, sessionTtlMs: 1000, email: 'a@example.com' }));
    await store.login(loginInput({ atMs: T0 + 10, email: 'b@example.com' }));
    await store.login(loginInput({ atMs: T0 + 20, email: 'c@example.com', tenant: 'other' }));
    const live = await store.liveSessions(T0 + 5000, null, 10);
    expect(live.map((s) => s.email)).toEqual(['c@example.com', 'b@example.com']);
    expect((await store.liveSessions(T0 + 5000, 'default', 10)).map((s) => s.email)).toEqual(['b@example.com']);
    expect(await store.liveSessions(T0 + 5000, null, 1)).toHaveLength(1);
    expect((await store.searchSessions({ liveAtMs: null })).map((s) => s.email)).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect((await store.searchSessions({ liveAtMs: T0 + 5000 })).map((s) => s.email)).toEqual(['b@example.com', 'c@example.com']);
    expect(await store.searchSessions({ liveAtMs: null, email: 'B@EXAMPLE.COM', tenant: 'default' })).toEqual([
      { tenant: 'default', userId: expect.any(Number), email: 'b@example.com', createdAt: T0 + 10, expiresAt: T0 + 10 + HOUR },
    ]);
  });
});
