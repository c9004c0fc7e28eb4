/**
 * Kayako through the real receiver: each rule of its contract with a token that passes and one
 * that fails, the `returnto` flow of /login, the landing on `action`, matching on external_id then
 * email, and the 32-character minimum of the shared secret.
 */
import { T0, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { firstFailure, lastAttempt, passing, statusOf } from '../sso-support';

const SECRET = 'kayako-shared-secret-0123456789abcdef';
const IDP = 'https://idp.example.com/kayako/login';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({ tenants: [{ id: 'kayako', profile: 'kayako', secret: SECRET, remoteLoginUrl: IDP }] });
});
afterAll(() => rx.stop());

const consume = (token: string, query = 'type=customer&action=/tickets') => request(`${rx.url}/t/kayako/Base/SSO/JWT/?${query}&jwt=${token}`);
const token = (overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}) => passing('kayako', SECRET, overrides, header);

describe('Kayako rules, each passing and failing', () => {
  test('a token as the sample sends it logs in and lands on action', async () => {
    const res = await consume(await token());
    expect({ status: res.status, result: res.result, location: res.location }).toEqual({ status: 302, result: 'accepted', location: '/t/kayako/tickets' });
  });

  test.each(['HS256', 'HS384', 'HS512'])('%s is accepted', async (alg) => {
    expect((await consume(await token({}, { alg }))).result).toBe('accepted');
  });

  test('RS256 in the header and a wrong secret are refused', async () => {
    expect((await consume(await passing('kayako', `${SECRET}x`))).result).toBe('signature_invalid');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iat: T0, jti: 'n', email: 'a@b.co', name: 'A' })).toString('base64url')}.`;
    expect((await consume(none)).result).toBe('alg_not_allowed');
  });

  test.each(['iat', 'jti', 'email', 'name'])('%s is required', async (claim) => {
    const res = await consume(await token({ [claim]: undefined }));
    expect({ status: res.status, result: res.result, failed: await firstFailure(rx, 'kayako') }).toEqual({
      status: 401,
      result: 'claim_missing',
      failed: { name: claim, code: 'claim_missing' },
    });
  });

  test('iat 300 s old passes, 301 s old is refused (the inferred window)', async () => {
    expect((await consume(await token({ iat: T0 - 300 }))).result).toBe('accepted');
    expect((await consume(await token({ iat: T0 - 301 }))).result).toBe('token_expired');
    expect(await firstFailure(rx, 'kayako')).toEqual({ name: 'iat_window', code: 'token_expired' });
  });

  test("the sample's time() - 30 passes; an iat 6 s ahead is refused", async () => {
    expect((await consume(await token({ iat: T0 - 30 }))).result).toBe('accepted');
    expect((await consume(await token({ iat: T0 + 6 }))).result).toBe('token_not_yet_valid');
  });

  test('a jti is spent once', async () => {
    const jwt = await token({ jti: 'kayako-once' });
    expect((await consume(jwt)).result).toBe('accepted');
    expect((await consume(jwt)).result).toBe('token_replayed');
  });

  test('the optional claims pass when well typed and are kept; a wrong type is refused', async () => {
    const extras = { role: 'CUSTOMER', locale: 'en-us', organization: 'Acme', phone_number: '+15555550100', tags: ['vip'], picture: 'https://x.example/p.png' };
    expect((await consume(await token(extras))).result).toBe('accepted');
    for (const name of Object.keys(extras)) expect(await statusOf(rx, 'kayako', name)).toBe('pass');
    const user = await rx.store.user((await lastAttempt(rx, 'kayako')).userId as number);
    expect(JSON.parse(user?.attributes ?? '{}')).toEqual(extras);
    for (const [name, bad] of Object.entries({ role: 7, locale: 1, organization: [], phone_number: 5, tags: 3, picture: false })) {
      expect((await consume(await token({ [name]: bad }))).result).toBe('claim_invalid');
      expect(await firstFailure(rx, 'kayako')).toEqual({ name, code: 'claim_invalid' });
    }
  });

  test('users are matched on external_id first, then on email', async () => {
    await consume(await token({ external_id: 'k-1', email: 'first@example.com' }));
    const first = (await lastAttempt(rx, 'kayako')).userId;
    await consume(await token({ external_id: 'k-1', email: 'changed@example.com' }));
    expect((await lastAttempt(rx, 'kayako')).userId).toBe(first);
    expect(await rx.store.user(first as number)).toMatchObject({ externalId: 'k-1', email: 'changed@example.com', loginCount: 2 });
    await consume(await token({ email: 'changed@example.com' }));
    expect((await lastAttempt(rx, 'kayako')).userId).not.toBe(first);
  });
});

describe('Kayako pages and settings', () => {
  test('/login sends returnto, the absolute /Base/SSO/JWT/ URL with type and action, to the Remote Login URL', async () => {
    const res = await request(`${rx.url}/t/kayako/login?action=/tickets`);
    const location = new URL(res.location as string);
    expect(`${location.origin}${location.pathname}`).toBe(IDP);
    expect([...location.searchParams]).toEqual([['returnto', `${rx.url}/t/kayako/Base/SSO/JWT/?type=customer&action=%2Ftickets`]]);
    // The IdP appends &jwt= to returnto, as the PHP samples do.
    const back = await request(`${location.searchParams.get('returnto')}&jwt=${await token()}`);
    expect({ result: back.result, location: back.location }).toEqual({ result: 'accepted', location: '/t/kayako/tickets' });
  });

  test('a shared secret under 32 characters is refused, as Kayako refuses it', async () => {
    const add = (secret: string) =>
      request(`${rx.url}/_receiver/tenants`, {
        method: 'POST',
        json: true,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: `k${secret.length}`, profile: 'kayako', secret }),
      });
    const short = await add('x'.repeat(31));
    expect({ status: short.status, problems: short.json().problems }).toEqual({
      status: 400,
      problems: ['secret must be at least 32 characters (Kayako refuses a shorter shared secret)'],
    });
    expect((await add('x'.repeat(32))).status).toBe(201);
  });
});
