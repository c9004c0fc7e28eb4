import { refuseWrites } from '../helpers/database';
import { consumeUrl, happyfoxToken, request, startTestReceiver, SECRET, type TestReceiver } from '../helpers/receiver';

/**
 * A key the ledger has answered `replayed` is refused on the server's thread the next times
 * (src/store/spent-keys.ts), still with when and by which attempt it was first used; a key not
 * known there still goes to the ledger, nothing is accepted without it, and a clear or a
 * housekeeping pass that pruned attempts or keys makes it ask the ledger again.
 */
let rx: TestReceiver;
beforeEach(async () => {
  rx = await startTestReceiver({ tenants: [{ id: 'default', profile: 'happyfox', secret: SECRET }], store: { attemptsPerTenant: 2 } });
});
afterEach(() => rx.stop());

const consume = (token: string) => request(consumeUrl(rx.url, '/jwt/', { token }), { json: true });
const replayCheck = (res: { json: () => { checks: Array<{ name: string; firstAttempt?: number | null }> } }) =>
  res.json().checks.find((c) => c.name === 'replay');

test('a replay seen once is refused again without the store, naming the first use; a fresh token still needs the ledger', async () => {
  const token = await happyfoxToken();
  const first = await consume(token);
  expect(first.result).toBe('accepted');
  const firstAttempt = Number(first.headers.get('x-receiver-attempt'));
  expect((await consume(token)).result).toBe('token_replayed'); // asked the ledger

  await refuseWrites(rx.store); // the store can write nothing now: a login there would be a 503
  try {
    const again = await consume(token);
    expect(again.status).toBe(401);
    expect(again.result).toBe('token_replayed');
    expect(replayCheck(again)).toMatchObject({ firstAttempt });
    expect(again.headers.get('x-receiver-attempt')).toBeNull(); // its attempt could not be recorded
    const fresh = await consume(await happyfoxToken());
    expect(fresh.status).toBe(503);
    expect(fresh.result).toBe('store_unavailable');
  } finally {
    await refuseWrites(rx.store, false);
  }
  // Recorded again once the store can write.
  expect(Number((await consume(token)).headers.get('x-receiver-attempt'))).toBeGreaterThan(firstAttempt);
});

test('after a clear the ledger is asked again: the token logs in once more', async () => {
  const token = await happyfoxToken();
  expect((await consume(token)).result).toBe('accepted');
  expect((await consume(token)).result).toBe('token_replayed');
  await rx.store.clear('default');
  expect((await consume(token)).result).toBe('accepted');
  expect((await consume(token)).result).toBe('token_replayed');
});

test('after housekeeping pruned the first attempt, a replay no longer names it', async () => {
  const token = await happyfoxToken();
  const firstAttempt = Number((await consume(token)).headers.get('x-receiver-attempt'));
  expect(replayCheck(await consume(token))).toMatchObject({ firstAttempt });
  for (let i = 0; i < 3; i++) expect((await consume(await happyfoxToken())).result).toBe('accepted');
  expect((await rx.store.housekeeping(rx.clock.nowMs(), ['default'])).attempts).toBeGreaterThan(0);
  const later = await consume(token);
  expect(later.result).toBe('token_replayed');
  expect(replayCheck(later)).toMatchObject({ firstAttempt: null });
});
