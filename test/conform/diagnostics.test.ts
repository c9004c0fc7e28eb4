/**
 * Diagnostics on ordinary attempts, not only in a conformance run: a second use within a second is
 * labelled a double submit apart from a later replay; the transport lint warns on a long URL and a
 * "+" beside "%20" in the return parameter; the IdP clock offset per client address.
 */
import { clockOffsetsByClient, clockSamples } from '../../src/conform/clock-offset';
import { startReceiver } from '../../src/library/receiver';
import { T0, T0_MS, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver();
});
afterAll(async () => rx?.stop());

const consume = (token: string, query = '') => `${rx.url}/jwt/?token=${token}${query}`;
const replayCheckOf = async (url: string) => {
  const answer = await request(url, { json: true });
  return { result: answer.result, check: (answer.json() as { checks: Array<Record<string, unknown>> }).checks.find((c) => c.name === 'replay') };
};

test('the same token twice within a second is a double submit; again 5 s later, a replay', async () => {
  const token = await happyfoxToken({ email: 'twice@example.com' });
  expect((await request(consume(token))).result).toBe('accepted');
  const double = await replayCheckOf(consume(token));
  expect(double.result).toBe('token_replayed');
  expect(double.check).toMatchObject({ status: 'fail', code: 'token_replayed', reason: 'replayed', actual: 0, finding: 'double_submit' });
  expect(double.check?.message).toMatch(/a double submit \(a retry or a double click\)/);
  rx.clock.advance(5_000);
  const later = await replayCheckOf(consume(token));
  expect(later.check).toMatchObject({ code: 'token_replayed', reason: 'replayed', actual: 5 });
  expect(later.check?.finding).toBeUndefined();
  rx.clock.freeze(T0_MS);
});

test('the transport lint: nothing on a clean request; a warning for "+" beside "%20" in return_to, and for a URL past 2000 characters', async () => {
  // Accepted: the checks are read from the attempt the receiver recorded.
  const checks = async (url: string) => {
    expect((await request(url)).result).toBe('accepted');
    return ((await rx.store.searchAttempts({ limit: 1 }))[0]?.checks as Array<Record<string, unknown>>).filter((c) => c.name === 'transport');
  };
  expect(await checks(consume(await happyfoxToken(), '&return_to=%2Fkb%3Fq%3Da%2Bb%20c'))).toEqual([]);
  expect(await checks(consume(await happyfoxToken(), '&return_to=/kb?q=a+b%20c'))).toEqual([
    expect.objectContaining({ status: 'warn', message: expect.stringMatching(/%2B/) }),
  ]);
  const long = await checks(consume(await happyfoxToken({ name: 'x'.repeat(1600) })));
  expect(long).toEqual([expect.objectContaining({ status: 'warn', unit: 'characters', limit: 2000 })]);
  expect(long[0]?.actual as number).toBeGreaterThan(2000);
});

test('the IdP clock offset per client address, from ordinary attempts', async () => {
  const receiver = await startReceiver({ secret: 'clock-secret-0123456789', profile: 'happyfox' });
  try {
    receiver.clock.freeze(T0_MS);
    for (const skew of [-30, -31, -29]) {
      const token = await happyfoxToken({ iat: T0 + skew }, 'clock-secret-0123456789');
      expect((await request(`${receiver.url}/jwt/?token=${token}`)).result).toBe('accepted');
    }
    expect(clockOffsetsByClient(clockSamples(await receiver.attempts()))).toEqual([
      { clientIp: '127.0.0.1', offsetSeconds: -30, spreadSeconds: 2, samples: 3 },
    ]);
  } finally {
    await receiver.close();
  }
});
