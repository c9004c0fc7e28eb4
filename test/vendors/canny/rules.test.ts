/**
 * Canny through the real receiver: each rule with a token that passes and one that fails, exp
 * honoured only when present, the replay the verdict warns about (and accepts), the SSO redirect
 * flow of /login with an absolute `redirect` echoed back.
 */
import { T0, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { firstFailure, lastAttempt, passing, statusOf } from '../sso-support';

const SECRET = 'canny-private-sso-key-0123456789';
const IDP = 'https://idp.example.com/canny/sso';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({ tenants: [{ id: 'canny', profile: 'canny', secret: SECRET, remoteLoginUrl: IDP }] });
});
afterAll(() => rx.stop());

const consume = (token: string, redirect?: string) =>
  request(`${rx.url}/t/canny/api/redirects/sso?${new URLSearchParams({ companyID: 'canny', ssoToken: token, ...(redirect ? { redirect } : {}) })}`);
const token = (overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}) => passing('canny', SECRET, overrides, header);

describe('Canny rules, each passing and failing', () => {
  test('the sample token logs in; the verdict warns that it could be used again', async () => {
    const res = await consume(await token());
    expect({ status: res.status, result: res.result, location: res.location }).toEqual({ status: 302, result: 'accepted', location: '/t/canny/home' });
    expect((await lastAttempt(rx, 'canny')).checks.find((c) => c.name === 'replay')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('Canny does not check jti or replays'),
    });
  });

  test('the same token twice: both accepted, as Canny checks no jti', async () => {
    const jwt = await token({ id: 'again' });
    expect((await consume(jwt)).result).toBe('accepted');
    expect((await consume(jwt)).result).toBe('accepted');
  });

  test('HS256 only: HS512 and a wrong key are refused', async () => {
    expect((await consume(await token({}, { alg: 'HS512' }))).result).toBe('alg_not_allowed');
    expect((await consume(await passing('canny', `${SECRET}-old`))).result).toBe('signature_invalid');
  });

  test.each(['email', 'id', 'name'])('%s is required', async (claim) => {
    expect((await consume(await token({ [claim]: undefined }))).result).toBe('claim_missing');
    expect(await firstFailure(rx, 'canny')).toEqual({ name: claim, code: 'claim_missing' });
  });

  test('id may be a string or an integer, not a boolean; avatarURL optional, a string', async () => {
    expect((await consume(await token({ id: 42, avatarURL: 'https://x.example/a.png' }))).result).toBe('accepted');
    expect(await statusOf(rx, 'canny', 'avatarURL')).toBe('pass');
    expect(await rx.store.user((await lastAttempt(rx, 'canny')).userId as number)).toMatchObject({ identityKey: 'id:42', externalId: '42' });
    expect((await consume(await token({ id: true }))).result).toBe('claim_invalid');
    expect((await consume(await token({ avatarURL: 7 }))).result).toBe('claim_invalid');
    expect(await firstFailure(rx, 'canny')).toEqual({ name: 'avatarURL', code: 'claim_invalid' });
  });

  test('no time claim: accepted at any age; exp honoured when present', async () => {
    expect((await consume(await token({ iat: T0 - 365 * 86400 }))).result).toBe('accepted');
    expect(await statusOf(rx, 'canny', 'exp_window')).toBe('pass');
    expect((await consume(await token({ exp: T0 + 60 }))).result).toBe('accepted');
    expect((await consume(await token({ exp: T0 - 6 }))).result).toBe('token_expired');
    expect(await firstFailure(rx, 'canny')).toEqual({ name: 'exp_window', code: 'token_expired' });
    expect((await consume(await token({ nbf: T0 + 6 }))).result).toBe('token_not_yet_valid');
  });
});

describe('Canny SSO redirect flow', () => {
  test('/login sends companyID and the absolute redirect; the echoed redirect lands on its path', async () => {
    const res = await request(`${rx.url}/t/canny/login?redirect=/board/ideas`);
    const location = new URL(res.location as string);
    expect(`${location.origin}${location.pathname}`).toBe(IDP);
    expect([...location.searchParams]).toEqual([
      ['companyID', 'canny'],
      ['redirect', `${rx.url}/t/canny/board/ideas`],
    ]);
    const back = await consume(await token(), location.searchParams.get('redirect') as string);
    expect({ result: back.result, location: back.location }).toEqual({ result: 'accepted', location: '/t/canny/board/ideas' });
  });

  test('a redirect to another host or another tenant lands home', async () => {
    expect((await consume(await token(), 'https://evil.example/x')).location).toBe('/t/canny/home');
    expect((await consume(await token(), `${rx.url}.evil.example/x`)).location).toBe('/t/canny/home');
    expect((await consume(await token(), `${rx.url}/t/other/home`)).location).toBe('/t/canny/t/other/home');
  });
});
