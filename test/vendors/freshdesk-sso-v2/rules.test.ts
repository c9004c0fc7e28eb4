/**
 * Freshdesk's legacy JWT SSO v2 (reconstructed) through the real receiver: each rule with a token
 * that passes and one that fails, the nested string-only `user`, and every refusal redirected to
 * /login/normal with its flash message shown once.
 */
import { T0, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { firstFailure, lastAttempt, passing } from '../sso-support';

const SECRET = 'freshdesk-account-shared-secret-01';
const USER = { name: 'Pat Lee', email: 'pat.lee@example.com' };

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({ tenants: [{ id: 'fd', profile: 'freshdesk-sso-v2', secret: SECRET }] });
});
afterAll(() => rx.stop());

const consume = (token: string, extra = '') => request(`${rx.url}/t/fd/login/sso_v2?jwt_token=${token}${extra}`);
const token = (overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}) => passing('freshdesk-sso-v2', SECRET, overrides, header);
const refusedWith = async (res: Awaited<ReturnType<typeof consume>>) => ({
  status: res.status,
  location: res.location,
  result: res.result,
  check: await firstFailure(rx, 'fd'),
});

describe('Freshdesk SSO v2 rules, each passing and failing', () => {
  test('a good token logs in and lands on redirect_to; GET and POST both work', async () => {
    const res = await consume(await token(), '&redirect_to=/support/tickets');
    expect({ status: res.status, result: res.result, location: res.location }).toEqual({ status: 302, result: 'accepted', location: '/t/fd/support/tickets' });
    const posted = await request(`${rx.url}/t/fd/login/sso_v2`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `jwt_token=${await token()}`,
    });
    expect(posted.result).toBe('accepted');
  });

  test('a refusal redirects to /login/normal, which shows the flash message once', async () => {
    const res = await consume(await token({ user: { name: 'Pat' } }));
    expect(await refusedWith(res)).toEqual({
      status: 302,
      location: '/t/fd/login/normal',
      result: 'claim_missing',
      check: { name: 'user_identity', code: 'claim_missing' },
    });
    expect(res.headers.get('x-receiver-attempt')).toMatch(/^\d+$/);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const shown = await request(`${rx.url}/t/fd/login/normal`, { headers: { cookie } });
    expect(shown.body).toContain('Single sign-on failed. Please try again or sign in with your Freshdesk credentials.');
    expect(shown.headers.get('set-cookie')).toMatch(/hjr_flash_fd=;/);
    expect((await request(`${rx.url}/t/fd/login/normal`)).body).not.toContain('class="flash"');
  });

  test('HS512 only', async () => {
    expect((await refusedWith(await consume(await token({}, { alg: 'HS256' })))).result).toBe('alg_not_allowed');
    expect((await consume(await passing('freshdesk-sso-v2', `${SECRET}!`))).result).toBe('signature_invalid');
  });

  test.each(['iat', 'exp', 'jti', 'user'])('%s is required', async (claim) => {
    expect((await refusedWith(await consume(await token({ [claim]: undefined })))).check).toEqual({ name: claim, code: 'claim_missing' });
  });

  test('user.name is required; email or unique_external_id', async () => {
    expect((await refusedWith(await consume(await token({ user: { email: USER.email } })))).check).toEqual({ name: 'user.name', code: 'claim_missing' });
    expect((await consume(await token({ user: { name: 'Ext Only', unique_external_id: 'fd-77' } }))).result).toBe('accepted');
    expect(await rx.store.user((await lastAttempt(rx, 'fd')).userId as number)).toMatchObject({ identityKey: 'unique_external_id:fd-77', externalId: 'fd-77' });
  });

  test('every user field must be a string', async () => {
    for (const [field, bad] of Object.entries({ name: 42, unique_external_id: 77, phone: 5550100, company_name: ['Acme'] })) {
      const res = await consume(await token({ user: { ...USER, [field]: bad } }));
      expect((await refusedWith(res)).check).toEqual({ name: `user.${field}`, code: 'claim_invalid' });
    }
    expect((await consume(await token({ user: { ...USER, phone: '+1 555 0100', job_title: 'CTO' } }))).result).toBe('accepted');
  });

  test('the user at the top level (not nested) is refused', async () => {
    expect((await refusedWith(await consume(await token({ user: undefined, ...USER })))).check).toEqual({ name: 'user', code: 'claim_missing' });
  });

  test('60 s leeway each side; exp - iat at most 900 s', async () => {
    expect((await consume(await token({ iat: T0 + 60, exp: T0 + 360 }))).result).toBe('accepted');
    expect((await refusedWith(await consume(await token({ iat: T0 + 61, exp: T0 + 361 })))).check).toEqual({ name: 'iat_window', code: 'token_not_yet_valid' });
    expect((await consume(await token({ iat: T0 - 400, exp: T0 - 59 }))).result).toBe('accepted');
    expect((await refusedWith(await consume(await token({ iat: T0 - 400, exp: T0 - 60 })))).check).toEqual({ name: 'exp_window', code: 'token_expired' });
    expect((await consume(await token({ iat: T0 - 100, exp: T0 + 800 }))).result).toBe('accepted');
    expect((await refusedWith(await consume(await token({ iat: T0 - 100, exp: T0 + 801 })))).check).toEqual({ name: 'lifetime', code: 'claim_invalid' });
  });

  test('a jti is single use', async () => {
    const jwt = await token({ jti: 'fd-once' });
    expect((await consume(jwt)).result).toBe('accepted');
    expect((await refusedWith(await consume(jwt))).result).toBe('token_replayed');
  });
});
