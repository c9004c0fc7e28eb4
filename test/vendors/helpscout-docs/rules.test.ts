/**
 * Help Scout Docs through the real receiver: each rule with a token that passes and one that
 * fails (HS512 only, sub an email, exp required and honoured), the `returnTo` of the sign-in flow.
 */
import { T0, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { firstFailure, lastAttempt, passing } from '../sso-support';

const SECRET = 'helpscout-docs-shared-secret-0123';
const IDP = 'https://idp.example.com/docs/signin';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({ tenants: [{ id: 'docs', profile: 'helpscout-docs', secret: SECRET, remoteLoginUrl: IDP }] });
});
afterAll(() => rx.stop());

const consume = (token: string, returnTo = '/article/1') => request(`${rx.url}/t/docs/authcallback?token=${token}&returnTo=${returnTo}`);
const token = (overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}) => passing('helpscout-docs', SECRET, overrides, header);

describe('Help Scout Docs rules, each passing and failing', () => {
  test('the example token (HS512, exp now + 60, sub) signs in and lands on returnTo', async () => {
    const res = await consume(await token());
    expect({ status: res.status, result: res.result, location: res.location }).toEqual({ status: 302, result: 'accepted', location: '/t/docs/article/1' });
    expect(await rx.store.user((await lastAttempt(rx, 'docs')).userId as number)).toMatchObject({
      email: 'pat.lee@example.com',
      identityKey: 'pat.lee@example.com',
    });
  });

  test('HS256 and HS384 are refused; a wrong secret too', async () => {
    expect((await consume(await token({}, { alg: 'HS256' }))).result).toBe('alg_not_allowed');
    expect((await consume(await token({}, { alg: 'HS384' }))).result).toBe('alg_not_allowed');
    expect(await consume(await passing('helpscout-docs', 'another-secret-0123456789'))).toMatchObject({ result: 'signature_invalid' });
  });

  test('sub is required and must be an email', async () => {
    expect((await consume(await token({ sub: undefined }))).result).toBe('claim_missing');
    expect(await firstFailure(rx, 'docs')).toEqual({ name: 'sub', code: 'claim_missing' });
    expect((await consume(await token({ sub: 'user-42' }))).result).toBe('claim_invalid');
    expect(await firstFailure(rx, 'docs')).toEqual({ name: 'sub', code: 'claim_invalid' });
  });

  test('exp is required; 5 s past is tolerated with a warning, 6 s refused', async () => {
    expect((await consume(await token({ exp: undefined }))).result).toBe('claim_missing');
    expect(await firstFailure(rx, 'docs')).toEqual({ name: 'exp', code: 'claim_missing' });
    expect((await consume(await token({ exp: T0 - 4 }))).result).toBe('accepted');
    expect((await lastAttempt(rx, 'docs')).checks.find((c) => c.name === 'exp_window')?.status).toBe('warn');
    expect((await consume(await token({ exp: T0 - 5 }))).result).toBe('token_expired');
    expect(await firstFailure(rx, 'docs')).toEqual({ name: 'exp_window', code: 'token_expired' });
    expect((await consume(await token({ exp: (T0 + 60) * 1000 }))).result).toBe('claim_invalid');
  });

  test('no jti: the same token is accepted twice, and the verdict says it could be', async () => {
    const jwt = await token();
    expect((await consume(jwt)).result).toBe('accepted');
    expect((await consume(jwt)).result).toBe('accepted');
    expect((await lastAttempt(rx, 'docs')).checks.find((c) => c.name === 'replay')).toMatchObject({ status: 'warn', reason: 'not_checked' });
  });
});

describe('Help Scout Docs sign-in flow', () => {
  test('/login sends returnTo (a path) to the sign-in URL; an absent or foreign one is "/"', async () => {
    const sent = async (query: string) => [...new URL((await request(`${rx.url}/t/docs/login${query}`)).location as string).searchParams];
    expect(await sent('?returnTo=/article/7')).toEqual([['returnTo', '/article/7']]);
    expect(await sent('')).toEqual([['returnTo', '/']]);
    expect(await sent('?returnTo=https://evil.example/')).toEqual([['returnTo', '/']]);
  });

  test('a returnTo leading off the site lands home', async () => {
    expect((await consume(await token(), '//evil.example/x')).location).toBe('/t/docs/home');
  });
});
