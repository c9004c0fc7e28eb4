import { T0, T0_MS, consumeUrl, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { api, expectError, expectJson } from './support';

let rx: TestReceiver;
beforeEach(async () => {
  rx = await startTestReceiver();
});
afterEach(() => rx.stop());

describe('GET, PUT and DELETE /_receiver/clock', () => {
  test('GET: mode, nowMs and ISO', async () => {
    expect(expectJson(await api(rx.url, 'GET', '/clock'), 200)).toEqual({
      mode: 'frozen',
      nowMs: T0_MS,
      now: '2026-01-15T12:00:00.000Z',
      frozenAt: '2026-01-15T12:00:00.000Z',
    });
  });

  test('frozenAt as ISO or ms; advanceSeconds keeps a frozen clock frozen', async () => {
    expect(expectJson(await api(rx.url, 'PUT', '/clock', { frozenAt: '2026-02-01T00:00:00+01:00' }), 200)).toMatchObject({
      mode: 'frozen',
      now: '2026-01-31T23:00:00.000Z',
    });
    expect(expectJson(await api(rx.url, 'PUT', '/clock', { frozenAt: T0_MS }), 200)).toMatchObject({ mode: 'frozen', nowMs: T0_MS });
    expect(expectJson(await api(rx.url, 'PUT', '/clock', { advanceSeconds: 90.5 }), 200)).toMatchObject({ mode: 'frozen', nowMs: T0_MS + 90_500 });
    expect(rx.clock.nowMs()).toBe(T0_MS + 90_500);
  });

  test('offsetSeconds runs at real time plus the offset; DELETE goes back to real time', async () => {
    const before = Date.now();
    const body = expectJson(await api(rx.url, 'PUT', '/clock', { offsetSeconds: -3600 }), 200);
    expect(body).toMatchObject({ mode: 'offset', offsetSeconds: -3600 });
    expect(body.nowMs).toBeGreaterThanOrEqual(before - 3_600_000);
    expect(body.nowMs).toBeLessThanOrEqual(Date.now() - 3_600_000);
    // advance on a running clock adds to its offset
    expect(expectJson(await api(rx.url, 'PUT', '/clock', { advanceSeconds: 600 }), 200)).toMatchObject({ mode: 'offset', offsetSeconds: -3000 });
    const real = expectJson(await api(rx.url, 'DELETE', '/clock'), 200);
    expect(real.mode).toBe('real');
    expect(Math.abs(real.nowMs - Date.now())).toBeLessThan(5000);
    expect(real).not.toHaveProperty('offsetSeconds');
  });

  test('moving the clock turns an accepted token into an expired one (HappyFox: 120 s)', async () => {
    const token = await happyfoxToken();
    const dry = async () => expectJson(await api(rx.url, 'POST', '/check', { token }), 200);
    expect(await dry()).toMatchObject({ accepted: true, code: null });
    expectJson(await api(rx.url, 'PUT', '/clock', { advanceSeconds: 120 }), 200);
    expect(await dry()).toMatchObject({ accepted: true });
    expectJson(await api(rx.url, 'PUT', '/clock', { advanceSeconds: 1 }), 200);
    const late = await dry();
    expect(late).toMatchObject({ accepted: false, code: 'token_expired' });
    expect(late.checks.find((c: { name: string }) => c.name === 'iat_window').message).toContain('121 s');
    // The consume route reads the same clock: refused, recorded at the moved time.
    const res = await request(consumeUrl(rx.url, '/jwt/', { token }), { json: true });
    expect(res.result).toBe('token_expired');
    expect(expectJson(await api(rx.url, 'GET', '/attempts?limit=1'), 200).attempts[0]).toMatchObject({ code: 'token_expired', at: (T0 + 121) * 1000 });
    // Back in time, the same token is accepted.
    expectJson(await api(rx.url, 'PUT', '/clock', { frozenAt: new Date(T0_MS).toISOString() }), 200);
    expect((await request(consumeUrl(rx.url, '/jwt/', { token }))).result).toBe('accepted');
  });

  test.each([
    [{}, 'give exactly one of frozenAt, offsetSeconds, advanceSeconds (got none)'],
    [{ frozenAt: T0_MS, advanceSeconds: 1 }, 'give exactly one of frozenAt, offsetSeconds, advanceSeconds (got frozenAt, advanceSeconds)'],
    [{ frozenAt: 'tomorrow' }, 'frozenAt must be an ISO 8601 date-time with Z or an offset (2026-01-15T12:00:00Z), or milliseconds since the epoch'],
    [{ frozenAt: 1.5 }, 'frozenAt must be an ISO 8601 date-time with Z or an offset (2026-01-15T12:00:00Z), or milliseconds since the epoch'],
    [{ advanceSeconds: '60' }, 'advanceSeconds must be a number (got string)'],
    [{ offsetSeconds: 1e12 }, 'offsetSeconds must be at most 3153600000'],
    [{ freeze: true }, 'freeze is not a known field'],
  ])('PUT %j is request_invalid and leaves the clock alone', async (body, problem) => {
    expect(expectError(await api(rx.url, 'PUT', '/clock', body), 400, 'request_invalid').problems).toEqual([problem]);
    expect(rx.clock.nowMs()).toBe(T0_MS);
  });

  test('a body that is not a JSON object', async () => {
    expectError(await api(rx.url, 'PUT', '/clock', '{"frozenAt":'), 400, 'request_malformed');
    expect(expectError(await api(rx.url, 'PUT', '/clock', '[1]'), 400, 'request_invalid').problems).toEqual(['the body must be a JSON object']);
    const plain = await api(rx.url, 'PUT', '/clock', 'frozenAt=1', { 'Content-Type': 'text/plain' });
    expect(expectError(plain, 400, 'request_invalid').problems).toEqual(['the body must be JSON (Content-Type: application/json), not text/plain']);
  });
});
