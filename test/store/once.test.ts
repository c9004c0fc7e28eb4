import { openStore, type ReceiverStore } from '../../src/store';

/** Single-use values (issue 11's nonces and OIDC states) through the store itself (its worker owning a :memory: database). */
let store: ReceiverStore;
beforeEach(async () => {
  store = await openStore(':memory:', { busyTimeoutMs: 100, attemptsPerTenant: 100 });
});
afterEach(() => store.close());

const issued = { tenant: 't1', purpose: 'oidc-state', value: 'abc', issuedAtMs: 1_000, expiresAtMs: 61_000, data: { nonce: 'n-1', returnTo: '/x?y=1' } };

test('a value is redeemed once with its data (JSON types kept), then answered used with when', async () => {
  await store.issueOnce(issued);
  await expect(store.redeemOnce('t1', 'oidc-state', 'abc', 2_000)).resolves.toEqual({ state: 'redeemed', issuedAtMs: 1_000, data: issued.data });
  await expect(store.redeemOnce('t1', 'oidc-state', 'abc', 3_000)).resolves.toEqual({ state: 'used', usedAtMs: 2_000 });
});

test('two redemptions racing in one turn: exactly one is redeemed', async () => {
  await store.issueOnce(issued);
  const answers = await Promise.all([1, 2, 3, 4].map(() => store.redeemOnce('t1', 'oidc-state', 'abc', 2_000)));
  expect(answers.map((a) => a.state).sort()).toEqual(['redeemed', 'used', 'used', 'used']);
});

test('past its expiry it is expired; never issued, another tenant or another purpose is unknown', async () => {
  await store.issueOnce(issued);
  await expect(store.redeemOnce('t1', 'oidc-state', 'abc', 61_000)).resolves.toEqual({ state: 'expired', expiredAtMs: 61_000 });
  await expect(store.redeemOnce('t1', 'oidc-state', 'nope', 2_000)).resolves.toEqual({ state: 'unknown' });
  await expect(store.redeemOnce('t2', 'oidc-state', 'abc', 2_000)).resolves.toEqual({ state: 'unknown' });
  await expect(store.redeemOnce('t1', 'discourse-nonce', 'abc', 2_000)).resolves.toEqual({ state: 'unknown' });
});

test('issuing the same value twice is refused (a value is handed out once)', async () => {
  await store.issueOnce(issued);
  await expect(store.issueOnce(issued)).rejects.toMatchObject({ code: 'store_unavailable' });
});

test("housekeeping forgets expired values; clear forgets a tenant's", async () => {
  await store.issueOnce(issued);
  await store.issueOnce({ ...issued, tenant: 't2', expiresAtMs: 500_000 });
  await expect(store.housekeeping(61_000, ['t1', 't2'])).resolves.toMatchObject({ once: 1 });
  await expect(store.redeemOnce('t1', 'oidc-state', 'abc', 2_000)).resolves.toEqual({ state: 'unknown' });
  await expect(store.clear('t2')).resolves.toMatchObject({ once_values: 1 });
  await expect(store.redeemOnce('t2', 'oidc-state', 'abc', 2_000)).resolves.toEqual({ state: 'unknown' });
});
