import type { ReceiverStore } from '../../../src/store/contract';
import type { HousekeepingResult } from '../../../src/store/types';
import { hashSessionId } from '../../../src/store/sessions';
import { until } from '../../helpers/until';
import { engines } from './engines';
import { HOUR, T0, loginInput, refusal } from './fixtures';

/** Rows removed, without what an engine adds beside them (SQLite: pages its incremental vacuum gave back). */
const pruned = ({ vacuumedPages: _pages, ...rows }: HousekeepingResult) => rows;

/** The store contract, part 3: housekeeping, clear, single-use values, settings, failing closed. Both engines. */
describe.each(engines())('$name store: upkeep', (engine) => {
  let store: ReceiverStore;
  beforeEach(async () => {
    store = await engine.open({ attemptsPerTenant: 3 });
  });
  afterAll(() => engine.cleanup());

  test('housekeeping forgets keys past keep_until, ended sessions, expired values, attempts beyond the newest per tenant', async () => {
    await store.login(loginInput({ key: 'jti:old', keepUntilMs: T0 + 100, sessionTtlMs: 50 }));
    await store.login(loginInput({ key: 'jti:edge', keepUntilMs: T0 + 200 }));
    for (let i = 0; i < 4; i++) await store.recordAttempt(refusal({ atMs: T0 + i }));
    await store.recordAttempt(refusal({ tenant: 'other' }));
    await store.issueOnce({ tenant: 'default', purpose: 'p', value: 'gone', issuedAtMs: T0, expiresAtMs: T0 + 200 });
    await store.issueOnce({ tenant: 'default', purpose: 'p', value: 'kept', issuedAtMs: T0, expiresAtMs: T0 + HOUR });
    const newest = (await store.searchAttempts({ tenant: 'default', limit: 3 })).map((a) => a.id);

    expect(pruned(await store.housekeeping(T0 + 200, ['default', 'other']))).toEqual({ ledger: 1, sessions: 1, attempts: 3, once: 1, more: false });
    expect(await store.replayState('default', 'jti:old')).toEqual({ state: 'unspent' });
    // keep_until is the last instant a token could be accepted: at it, the key is still needed.
    expect(await store.ledgerEntry('default', 'jti:edge')).toEqual({ usedAt: T0, keepUntil: T0 + 200 });
    expect((await store.searchAttempts({ tenant: 'default' })).map((a) => a.id)).toEqual(newest);
    expect(await store.searchAttempts({ tenant: 'other' })).toHaveLength(1);
    expect(await store.redeemOnce('default', 'p', 'gone', T0)).toEqual({ state: 'unknown' });
    expect(await store.redeemOnce('default', 'p', 'kept', T0)).toMatchObject({ state: 'redeemed' });
    expect(pruned(await store.housekeeping(T0 + 200, ['default', 'other']))).toEqual({ ledger: 0, sessions: 0, attempts: 0, once: 0, more: false });
  });

  test('housekeeping goes a slice at a time and says when there is more', async () => {
    for (let i = 0; i < 5; i++) await store.login(loginInput({ keepUntilMs: T0 + 1, sessionTtlMs: HOUR * 10 }));
    expect(pruned(await store.housekeeping(T0 + HOUR, [], 2))).toEqual({ ledger: 2, sessions: 0, attempts: 0, once: 0, more: true });
    expect(await store.housekeeping(T0 + HOUR, [], 2)).toMatchObject({ ledger: 2, more: true });
    expect(await store.housekeeping(T0 + HOUR, [], 2)).toMatchObject({ ledger: 1, more: false });
  });

  test('sessions per tenant: housekeeping keeps the newest N of each tenant (ties by hash), a slice at a time; health counts what is left', async () => {
    const bounded = await engine.open({ attemptsPerTenant: 100, sessionsPerTenant: 3 });
    const at = { 'b-0': T0, 'b-1': T0 + 1000, 'b-2': T0 + 2000, 'b-2x': T0 + 2000, 'b-3': T0 + 3000, 'b-4': T0 + 4000 };
    for (const [sessionId, atMs] of Object.entries(at)) await bounded.login(loginInput({ sessionId, atMs, sessionTtlMs: 10 * HOUR }));
    await bounded.login(loginInput({ tenant: 'other', sessionId: 'o-1', atMs: T0 }));
    await bounded.login(loginInput({ tenant: 'other', sessionId: 'o-2', atMs: T0 }));
    const now = T0 + 5000;
    // 6 sessions of default, 3 kept: 3 go, 2 then 1 in slices of 2.
    expect(pruned(await bounded.housekeeping(now, ['default', 'other'], 2))).toEqual({ ledger: 0, sessions: 2, attempts: 0, once: 0, more: true });
    expect(pruned(await bounded.housekeeping(now, ['default', 'other'], 2))).toEqual({ ledger: 0, sessions: 1, attempts: 0, once: 0, more: false });
    expect(pruned(await bounded.housekeeping(now, ['default', 'other'], 2))).toMatchObject({ sessions: 0, more: false });
    // Of the two made at the same instant on the boundary, the one whose hash sorts last byte-wise counts as the newer.
    const [tieKept] = ['b-2', 'b-2x'].sort((a, b) => Buffer.compare(Buffer.from(hashSessionId(b)), Buffer.from(hashSessionId(a))));
    const live = await bounded.liveSessions(now, 'default', 10);
    expect(live.map((s) => s.idHash).sort()).toEqual(['b-4', 'b-3', tieKept!].map(hashSessionId).sort());
    expect(await bounded.findSession('b-0', 'default', now)).toBeUndefined(); // signed out before it expired
    expect(await bounded.findSession('b-4', 'default', now)).toMatchObject({ createdAt: T0 + 4000 });
    expect(await bounded.liveSessions(now, 'other', 10)).toHaveLength(2);
    // SQLite answers health from its last count while counting is dear (a loaded machine), and counts again within 5 s.
    await until('health to count the 5 sessions left', async () => (await bounded.health()).tables?.sessions?.rows === 5, 10_000);
  }, 20_000);

  test("clear forgets one tenant's logins (or all), counts what went, keeps settings", async () => {
    await store.setting('secret:default', () => 'kept');
    await store.login(loginInput({ key: 'jti:a' }));
    await store.login(loginInput({ key: 'jti:b', tenant: 'other' }));
    await store.recordAttempt(refusal());
    await store.issueOnce({ tenant: 'default', purpose: 'p', value: 'v', issuedAtMs: T0, expiresAtMs: T0 + HOUR });
    expect(await store.clear('default')).toEqual({ sessions: 1, users: 1, attempts: 2, replay_ledger: 1, once_values: 1 });
    expect(await store.replayState('default', 'jti:a')).toEqual({ state: 'unspent' });
    expect(await store.replayState('other', 'jti:b')).toMatchObject({ state: 'replayed' });
    expect(await store.clear()).toEqual({ sessions: 1, users: 1, attempts: 1, replay_ledger: 1, once_values: 0 });
    expect(await store.setting('secret:default', () => 'new')).toBe('kept');
  });

  test('single-use values: redeemed once with their data, then used; expired; unknown elsewhere; a race has one winner', async () => {
    const data = { nonce: 'n-1', returnTo: '/x?y=1', n: 2 };
    await store.issueOnce({ tenant: 't1', purpose: 'oidc-state', value: 'abc', issuedAtMs: T0, expiresAtMs: T0 + 60_000, data });
    await store.issueOnce({ tenant: 't1', purpose: 'oidc-state', value: 'race', issuedAtMs: T0, expiresAtMs: T0 + 60_000 });
    expect(await store.redeemOnce('t1', 'oidc-state', 'abc', T0 + 1)).toEqual({ state: 'redeemed', issuedAtMs: T0, data });
    expect(await store.redeemOnce('t1', 'oidc-state', 'abc', T0 + 2)).toEqual({ state: 'used', usedAtMs: T0 + 1 });
    expect(await store.redeemOnce('t1', 'discourse-nonce', 'abc', T0 + 2)).toEqual({ state: 'unknown' });
    expect(await store.redeemOnce('t2', 'oidc-state', 'abc', T0 + 2)).toEqual({ state: 'unknown' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => store.redeemOnce('t1', 'oidc-state', 'race', T0 + 5)));
    expect(answers.map((a) => a.state).sort()).toEqual(['redeemed', ...Array(19).fill('used')]);
    await store.issueOnce({ tenant: 't1', purpose: 'oidc-state', value: 'late', issuedAtMs: T0, expiresAtMs: T0 + 10 });
    expect(await store.redeemOnce('t1', 'oidc-state', 'late', T0 + 10)).toEqual({ state: 'expired', expiredAtMs: T0 + 10 });
    await expect(store.issueOnce({ tenant: 't1', purpose: 'oidc-state', value: 'abc', issuedAtMs: T0, expiresAtMs: T0 + 1 })).rejects.toMatchObject({
      code: 'store_unavailable',
    });
  });

  test('onceState reads a value without spending it: live with its data, then used, expired or unknown', async () => {
    const data = { browser: 'h', data: { returnPath: '/t' } };
    await store.issueOnce({ tenant: 't1', purpose: 'p', value: 'peek', issuedAtMs: T0, expiresAtMs: T0 + 60_000, data });
    expect(await store.onceState('t1', 'p', 'peek', T0 + 1)).toEqual({ state: 'live', issuedAtMs: T0, data });
    expect(await store.onceState('t1', 'p', 'peek', T0 + 1)).toEqual({ state: 'live', issuedAtMs: T0, data });
    expect(await store.onceState('t1', 'p', 'peek', T0 + 60_000)).toEqual({ state: 'expired', expiredAtMs: T0 + 60_000 });
    expect(await store.redeemOnce('t1', 'p', 'peek', T0 + 2)).toMatchObject({ state: 'redeemed' });
    expect(await store.onceState('t1', 'p', 'peek', T0 + 3)).toEqual({ state: 'used', usedAtMs: T0 + 2 });
    expect(await store.onceState('t2', 'p', 'peek', T0 + 3)).toEqual({ state: 'unknown' });
  });

  test('a setting is created once even when 20 callers race, and make() is not called once it exists', async () => {
    let made = 0;
    const values = await Promise.all(Array.from({ length: 20 }, (_, i) => store.setting('secret:race', () => `v${++made}-${i}`)));
    expect(new Set(values).size).toBe(1);
    expect(await store.setting('secret:race', () => 'never')).toBe(values[0]);
    const before = made;
    await store.setting('secret:race', () => `v${++made}`);
    expect(made).toBe(before);
  });

  test('fails closed: a store whose writes the database refuses logs nobody in, says store_unavailable (503), still reads', async () => {
    const done = await store.login(loginInput({ key: 'jti:before' }));
    if (!done.ok) throw new Error('refused');
    const ro = await engine.readOnly(store);
    const login = ro.login(loginInput({ key: 'jti:during' }));
    await expect(login).rejects.toMatchObject({ code: 'store_unavailable', status: 503 });
    await expect(login).rejects.toMatchObject({ detail: expect.stringMatching(/read-only|readonly/i) }); // the database's reason, for the operator
    // Even a key spent before: the ledger's answer comes from a write it cannot make.
    await expect(ro.login(loginInput({ key: 'jti:before' }))).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(await ro.recordAttempt(refusal())).toBeNull(); // a refusal stays a refusal, never a 500
    await expect(ro.setting('secret:new', () => 'x')).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(ro.redeemOnce('t', 'p', 'v', T0)).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(ro.clear()).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(await ro.replayState('default', 'jti:during')).toEqual({ state: 'unspent' });
    expect((await ro.searchAttempts()).map((a) => a.id)).toEqual([done.attemptId]);
  });
});
