/**
 * Zendesk messaging through the real receiver: the exchange, the `kid` header picking one of the
 * tenant's keys, each claim rule with a token that passes and one that fails, email used only when
 * verified, and the opaque 401 whose reason is in the verdict only.
 */
import { request, startTestReceiver, T0, type TestReceiver } from '../../helpers/receiver';
import { firstFailure, lastAttempt, passing, statusOf } from '../sso-support';

const KEYS = { app_current: 'messaging-current-secret-0123456789', app_previous: 'messaging-previous-secret-0123456789' };

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'msg', profile: 'zendesk-messaging', secrets: Object.values(KEYS), options: { messagingKeyIds: Object.keys(KEYS) } },
      { id: 'msg-default', profile: 'zendesk-messaging', secret: KEYS.app_current },
    ],
  });
});
afterAll(() => rx.stop());

const exchange = (token: string, tenant = 'msg') =>
  request(`${rx.url}/t/${tenant}/messaging/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jwt: token }) });
const token = (overrides: Record<string, unknown> = {}, kid: string = 'app_current', secret: string = KEYS.app_current) =>
  passing('zendesk-messaging', secret, overrides, { kid });

describe('Zendesk messaging rules, each passing and failing', () => {
  test('a good token is exchanged for an access token', async () => {
    const res = await exchange(await token());
    expect({ status: res.status, result: res.result, type: res.json().token_type }).toEqual({ status: 200, result: 'accepted', type: 'Bearer' });
    expect(await rx.store.user((await lastAttempt(rx, 'msg')).userId as number)).toMatchObject({
      identityKey: expect.stringMatching(/^external_id:u-/),
      email: 'pat.lee@example.com',
    });
  });

  test('kid picks the key: each kid verifies with its own secret only', async () => {
    expect((await exchange(await token({}, 'app_previous', KEYS.app_previous))).result).toBe('accepted');
    expect(await statusOf(rx, 'msg', 'key_id')).toBe('pass');
    expect((await exchange(await token({}, 'app_previous', KEYS.app_current))).result).toBe('signature_invalid');
    expect(await firstFailure(rx, 'msg')).toEqual({ name: 'signature', code: 'signature_invalid' });
  });

  test('a kid the tenant does not have, or none, is refused before the signature', async () => {
    expect((await exchange(await token({}, 'app_other'))).result).toBe('signature_invalid');
    expect((await lastAttempt(rx, 'msg')).checks.find((c) => c.name === 'key_id')).toMatchObject({
      status: 'fail',
      reason: 'unknown_key_id',
      actual: 'app_other',
    });
    expect(await statusOf(rx, 'msg', 'signature')).toBeUndefined();
    const noKid = await passing('zendesk-messaging', KEYS.app_current, {}, { kid: undefined });
    expect((await exchange(noKid)).result).toBe('signature_invalid');
    expect((await lastAttempt(rx, 'msg')).checks.find((c) => c.name === 'key_id')).toMatchObject({ status: 'fail', reason: 'missing' });
  });

  test('the default tenant names its one key app_receiver_1, the kid mint sends', async () => {
    expect((await exchange(await token({}, 'app_receiver_1'), 'msg-default')).result).toBe('accepted');
  });

  test('scope must be "user"; external_id is required and a string', async () => {
    for (const [overrides, name, code] of [
      [{ scope: undefined }, 'scope', 'claim_missing'],
      [{ scope: 'app' }, 'scope', 'claim_invalid'],
      [{ external_id: undefined }, 'external_id', 'claim_missing'],
      [{ external_id: 42 }, 'external_id', 'claim_invalid'],
    ] as const) {
      expect((await exchange(await token(overrides))).result).toBe(code);
      expect(await firstFailure(rx, 'msg')).toEqual({ name, code });
    }
  });

  test('name and email are optional; email counts only with email_verified: true', async () => {
    expect((await exchange(await token({ name: undefined, email: undefined, email_verified: undefined }))).result).toBe('accepted');
    expect((await exchange(await token({ external_id: 'unverified-1', email_verified: false }))).result).toBe('accepted');
    expect(await statusOf(rx, 'msg', 'email_use')).toBe('warn');
    expect(await rx.store.user((await lastAttempt(rx, 'msg')).userId as number)).toMatchObject({ externalId: 'unverified-1', email: '' });
    expect((await exchange(await token({ email_verified: 'true' }))).result).toBe('claim_invalid');
    expect((await exchange(await token({ email: 'not-an-address' }))).result).toBe('claim_invalid');
  });

  test('exp is honoured when present', async () => {
    expect((await exchange(await token({ exp: T0 + 60 }))).result).toBe('accepted');
    expect((await exchange(await token({ exp: T0 - 6 }))).result).toBe('token_expired');
  });

  test('HS256 only', async () => {
    const hs512 = await passing('zendesk-messaging', KEYS.app_current, {}, { kid: 'app_current', alg: 'HS512' });
    expect((await exchange(hs512)).result).toBe('alg_not_allowed');
  });
});

describe('the opaque 401', () => {
  test('the body says only "Unauthorized"; the verdict says why, one header away', async () => {
    const res = await exchange(await token({ scope: 'app' }));
    expect({ status: res.status, body: res.json() }).toEqual({ status: 401, body: { error: 'Unauthorized' } });
    const attempt = res.headers.get('x-receiver-attempt');
    const recorded = await request(`${rx.url}/_receiver/attempts/${attempt}`, { json: true });
    const { code, checks } = recorded.json() as { code: string; checks: Array<{ name: string; status: string; message: string }> };
    expect(code).toBe('claim_invalid');
    expect(checks.find((c) => c.status === 'fail')?.name).toBe('scope');
    expect(checks.find((c) => c.name === 'answer')).toMatchObject({
      status: 'skip',
      message: expect.stringContaining('Zendesk messaging answers a refused login with a bare 401 and no reason'),
    });
  });

  test('settings: one kid per secret, at most 10 keys', async () => {
    const add = (body: Record<string, unknown>) =>
      request(`${rx.url}/_receiver/tenants`, { method: 'POST', json: true, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const mismatch = await add({ id: 'm2', profile: 'zendesk-messaging', secrets: ['a-secret-1', 'a-secret-2'] });
    expect({ status: mismatch.status, problems: mismatch.json().problems }).toEqual({
      status: 400,
      problems: ['options.messagingKeyIds names 1 key id(s) for 2 secret(s): give one kid per secret, in order'],
    });
    const eleven = Array.from({ length: 11 }, (_, i) => `secret-number-${i}`);
    expect((await add({ id: 'm3', profile: 'zendesk-messaging', secrets: eleven, options: { messagingKeyIds: eleven } })).status).toBe(400);
  });
});
