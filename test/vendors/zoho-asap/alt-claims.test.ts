import { SECRET, T0, T0_MS, sign, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { exchange, me, refusal } from './zoho';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'zoho-asap', secret: SECRET, options: { allowAltClaims: true } },
      { id: 'strict', profile: 'zoho-asap', secret: SECRET },
    ],
  });
});
beforeEach(() => rx.clock.freeze(T0_MS));
afterAll(() => rx.stop());

let counter = 0;
/** Identity claims plus the window claims given (no not_before/not_after unless asked). */
const alt = (window: Record<string, unknown>) => sign({ email: `alt-${++counter}@example.com`, email_verified: true, ...window });
const result = async (window: Record<string, unknown>, base = rx.url) => exchange(base, await alt(window));

describe("allowAltClaims: the debug page's nbf/iat in seconds with exp in milliseconds", () => {
  test('nbf (s) + exp (ms) is accepted and logs the user in', async () => {
    const res = await result({ nbf: T0, exp: T0_MS + 300_000 });
    expect(res.result).toBe('accepted');
    expect((await me(rx.url, { token: res.json().access_token })).status).toBe(200);
  });

  test('iat (s) + exp (ms) is accepted when nbf is absent', async () => {
    expect((await result({ iat: T0, exp: T0_MS + 300_000 })).result).toBe('accepted');
  });

  test("the seed's not_before/not_after still work", async () => {
    expect((await result({ not_before: T0_MS, not_after: T0_MS + 300_000 })).result).toBe('accepted');
  });

  test.each(['nbf', 'iat'])('%s in milliseconds (where seconds are expected) is refused with a hint', async (name) => {
    const res = refusal(await result({ [name]: T0_MS, exp: T0_MS + 300_000 }));
    expect(res).toMatchObject({ status: 401, error: 'claim_invalid', check: name });
    expect(res.failed).toMatchObject({ claim: name, reason: 'milliseconds', actual: T0_MS, limit: 1e11, unit: 's', finding: 'time_in_milliseconds' });
  });

  test('exp in seconds (where milliseconds are expected) is refused with a hint', async () => {
    const res = refusal(await result({ nbf: T0, exp: T0 + 300 }));
    expect(res).toMatchObject({ error: 'claim_invalid', check: 'exp' });
    expect(res.failed).toMatchObject({ claim: 'exp', reason: 'seconds', actual: T0 + 300, limit: 1e11, unit: 'ms', finding: 'time_in_seconds' });
  });

  test('span: exp - nbf * 1000 of exactly 600000 ms is accepted, 600001 refused', async () => {
    expect((await result({ nbf: T0 - 300, exp: T0_MS + 300_000 })).result).toBe('accepted');
    expect(refusal(await result({ nbf: T0 - 300, exp: T0_MS + 300_001 }))).toMatchObject({
      error: 'claim_invalid',
      check: 'validity_span',
      failed: { claim: 'exp', reason: 'span_too_long', actual: 600_001, limit: 600_000, unit: 'ms' },
    });
  });

  test('span 0 or negative is refused', async () => {
    expect(refusal(await result({ nbf: T0, exp: T0_MS }))).toMatchObject({
      error: 'claim_invalid',
      check: 'validity_span',
      failed: { reason: 'span_not_positive', actual: 0, unit: 'ms' },
    });
    expect(refusal(await result({ iat: T0, exp: T0_MS - 1 }))).toMatchObject({
      error: 'claim_invalid',
      check: 'validity_span',
      failed: { reason: 'span_not_positive', actual: -1, unit: 'ms' },
    });
  });

  test('nbf is the start when both nbf and iat are given', async () => {
    // iat would make the span 600001 ms; nbf makes it 300000 ms.
    expect((await result({ nbf: T0, iat: T0 - 300, exp: T0_MS + 300_001 })).result).toBe('accepted');
  });

  test('the window: nbf in the future and exp passed, beyond the 5 s tolerance', async () => {
    expect(refusal(await result({ nbf: T0 + 6, exp: T0_MS + 300_000 }))).toMatchObject({
      error: 'token_not_yet_valid',
      check: 'validity_window',
      failed: { claim: 'nbf', reason: 'in_future', actual: 6000, limit: 5000, unit: 'ms' },
    });
    expect((await result({ nbf: T0 + 5, exp: T0_MS + 300_000 })).result).toBe('accepted');
    expect(refusal(await result({ nbf: T0 - 300, exp: T0_MS - 5001 }))).toMatchObject({
      error: 'token_expired',
      check: 'validity_window',
      failed: { claim: 'exp', reason: 'expired', actual: 5001, limit: 5000, unit: 'ms' },
    });
  });

  test('the pairs are never mixed: not_before with exp misses not_after', async () => {
    const res = refusal(await result({ not_before: T0_MS, exp: T0_MS + 300_000 }));
    expect(res).toMatchObject({ error: 'claim_missing', check: 'not_after' });
    expect(res.failed).toMatchObject({ claim: 'not_after', reason: 'missing' });
    expect(res.detail).toMatch(/not mixed/);
    expect(refusal(await result({ nbf: T0, not_after: T0_MS + 300_000 }))).toMatchObject({ error: 'claim_missing', check: 'not_before' });
  });

  test('an incomplete alternative pair names what is missing', async () => {
    expect(refusal(await result({ nbf: T0 }))).toMatchObject({ error: 'claim_missing', check: 'exp' });
    expect(refusal(await result({ exp: T0_MS + 300_000 }))).toMatchObject({ error: 'claim_missing', check: 'nbf' });
    const none = await result({});
    expect(refusal(none)).toMatchObject({ error: 'claim_missing', check: 'nbf' });
    expect(
      none
        .json()
        .checks.filter((c: { code?: string }) => c.code === 'claim_missing')
        .map((c: { name: string }) => c.name),
    ).toEqual(['nbf', 'exp']);
  });

  test('email and email_verified stay required; false is still email_not_verified', async () => {
    expect(refusal(await exchange(rx.url, await sign({ email_verified: true, nbf: T0, exp: T0_MS + 300_000 })))).toMatchObject({
      error: 'claim_missing',
      check: 'email',
    });
    expect(refusal(await exchange(rx.url, await sign({ email: 'nv@example.com', email_verified: false, nbf: T0, exp: T0_MS + 300_000 })))).toMatchObject({
      error: 'email_not_verified',
    });
  });

  test('the replay of an alternative-pair token is refused; the window ends at exp', async () => {
    const token = await alt({ iat: T0, exp: T0_MS + 300_000 });
    expect((await exchange(rx.url, token)).result).toBe('accepted');
    expect(refusal(await exchange(rx.url, token))).toMatchObject({ error: 'token_replayed' });
  });

  test('without allowAltClaims the same token is refused: not_before is missing', async () => {
    expect(refusal(await result({ nbf: T0, exp: T0_MS + 300_000 }, `${rx.url}/t/strict`))).toMatchObject({ error: 'claim_missing', check: 'not_before' });
  });
});
