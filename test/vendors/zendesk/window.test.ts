import { failedCheck } from '../../helpers/checks';
import Database from 'better-sqlite3';
import { SECRET, T0, T0_MS, consumeUrl, freshJti, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { postForm, tokenWithHeader, zendeskToken } from './support';

const IAT_MESSAGE = 'Invalid iat parameter. The supplied iat value is more than 3 minutes off, check your server clock.';
const SIGNATURE_MESSAGE = 'JWT signature invalid. The signature cannot be verified, check that your tokens match.';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'zendesk', secret: SECRET },
      { id: 'docs', profile: 'zendesk', secret: SECRET, options: { iatSkewSeconds: 120 } },
      { id: 'lenient', profile: 'zendesk', secret: SECRET, options: { strictTypes: false } },
      { id: 'strict', profile: 'zendesk', secret: SECRET, options: { strict: true } },
      { id: 'typed', profile: 'zendesk', secret: SECRET, options: { strictTypes: true } },
    ],
  });
});
afterAll(() => rx.stop());
afterEach(() => rx.clock.freeze(T0_MS));

const consume = async (claims: Record<string, unknown>, tenant = '') => postForm(`${rx.url}${tenant}/access/jwt`, { jwt: await zendeskToken(claims) });

describe('Zendesk iat skew: |now - iat| at most iatSkewSeconds (default 180)', () => {
  test("180 s old is accepted; 181 s old is token_expired with Zendesk's message and the numbers", async () => {
    expect((await consume({ iat: T0 - 180 })).result).toBe('accepted');
    const res = await consume({ iat: T0 - 181 });
    expect(res.status).toBe(401);
    expect(res.result).toBe('token_expired');
    expect(res.json()).toMatchObject({
      error: "Couldn't authenticate you",
      code: 'token_expired',
      message: IAT_MESSAGE,
      check: 'iat_window',
    });
    expect(failedCheck(res.json())).toMatchObject({
      name: 'iat_window',
      code: 'token_expired',
      claim: 'iat',
      reason: 'too_old',
      actual: 181,
      limit: 180,
      unit: 's',
    });
  });

  test('180 s in the future is accepted with a warning; 181 s is token_not_yet_valid with the same message', async () => {
    const ok = await consume({ iat: T0 + 180 });
    expect(ok.result).toBe('accepted');
    const [attempt] = await rx.store.searchAttempts({ tenant: 'default', limit: 1 });
    expect(attempt?.checks).toContainEqual(
      expect.objectContaining({ name: 'iat_window', status: 'warn', claim: 'iat', reason: 'in_future', actual: 180, limit: 180, unit: 's' }),
    );

    const res = await consume({ iat: T0 + 181 });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ code: 'token_not_yet_valid', message: IAT_MESSAGE, check: 'iat_window' });
    expect(failedCheck(res.json())).toMatchObject({ code: 'token_not_yet_valid', claim: 'iat', reason: 'in_future', actual: 181, limit: 180, unit: 's' });
  });

  test('futureIatToleranceSeconds does not narrow the symmetric skew', async () => {
    expect((await consume({ iat: T0 + 30 })).result).toBe('accepted');
  });

  test('with iatSkewSeconds: 120 (the docs\' "two minutes") 120 s passes and 121 s fails, both sides', async () => {
    expect((await consume({ iat: T0 - 120 }, '/t/docs')).result).toBe('accepted');
    expect((await consume({ iat: T0 + 120 }, '/t/docs')).result).toBe('accepted');
    const old = await consume({ iat: T0 - 121 }, '/t/docs');
    expect(old.json()).toMatchObject({ code: 'token_expired', message: IAT_MESSAGE });
    expect(failedCheck(old.json())).toMatchObject({ name: 'iat_window', claim: 'iat', reason: 'too_old', actual: 121, limit: 120, unit: 's' });
    const ahead = await consume({ iat: T0 + 121 }, '/t/docs');
    expect(ahead.json()).toMatchObject({ code: 'token_not_yet_valid', message: IAT_MESSAGE });
    expect(failedCheck(ahead.json())).toMatchObject({ name: 'iat_window', claim: 'iat', reason: 'in_future', actual: 121, limit: 120, unit: 's' });
  });

  test('the window follows the receiver clock', async () => {
    const token = await zendeskToken({ iat: T0 });
    rx.clock.advance(181_000);
    expect((await postForm(`${rx.url}/access/jwt`, { jwt: token })).result).toBe('token_expired');
  });

  test('a fractional iat (Date.now() / 1000 without floor) is accepted with a warning, as Zendesk reads it; strict or strictTypes: true refuse it', async () => {
    expect((await consume({ iat: T0 + 0.5 }, '/t/lenient')).result).toBe('accepted');
    expect((await consume({ iat: T0 + 0.5 })).result).toBe('accepted');
    expect((await consume({ iat: T0 + 0.5 }, '/t/strict')).result).toBe('claim_invalid');
    expect((await consume({ iat: T0 + 0.5 }, '/t/typed')).result).toBe('claim_invalid');
  });

  test('exp and nbf are honoured when present', async () => {
    expect((await consume({ exp: T0 + 60 })).result).toBe('accepted');
    expect((await consume({ exp: T0 - 60 })).json()).toMatchObject({ code: 'token_expired', check: 'exp' });
    expect((await consume({ nbf: T0 + 60 })).json()).toMatchObject({ code: 'token_not_yet_valid', check: 'nbf' });
  });
});

describe('Zendesk jti replay', () => {
  test('a second use of a jti is token_replayed; the ledger keeps it until iat + skew + margin', async () => {
    const jti = freshJti();
    const token = await zendeskToken({ jti, iat: T0 - 10 });
    expect((await postForm(`${rx.url}/access/jwt`, { jwt: token })).result).toBe('accepted');
    const again = await postForm(`${rx.url}/access/jwt`, { jwt: token });
    expect(again.status).toBe(401);
    expect(again.json()).toMatchObject({ error: "Couldn't authenticate you", code: 'token_replayed', check: 'replay' });

    const db = new Database(rx.dbPath, { readonly: true });
    const row = db.prepare('SELECT keep_until FROM replay_ledger WHERE tenant = ? AND replay_key = ?').get('default', `jti:${jti}`) as { keep_until: number };
    db.close();
    expect(row.keep_until).toBe((T0 - 10 + 180) * 1000 + 60_000);
  });

  test('a new token with a used jti is refused too, by GET as by POST', async () => {
    const jti = freshJti();
    expect((await consume({ jti, email: 'a@example.com' })).result).toBe('accepted');
    expect((await consume({ jti, email: 'b@example.com' })).result).toBe('token_replayed');
    expect((await request(consumeUrl(rx.url, '/access/jwt', { jwt: await zendeskToken({ jti, email: 'c@example.com' }) }))).result).toBe('token_replayed');
  });

  test('jti is per tenant, and the ledger of iatSkewSeconds: 120 keeps it 120 s', async () => {
    const jti = freshJti();
    expect((await consume({ jti })).result).toBe('accepted');
    expect((await consume({ jti }, '/t/docs')).result).toBe('accepted');
    const db = new Database(rx.dbPath, { readonly: true });
    const row = db.prepare('SELECT keep_until FROM replay_ledger WHERE tenant = ? AND replay_key = ?').get('docs', `jti:${jti}`) as { keep_until: number };
    db.close();
    expect(row.keep_until).toBe((T0 + 120) * 1000 + 60_000);
  });

  test('a refused token does not spend its jti', async () => {
    const jti = freshJti();
    expect((await consume({ jti, role: 'owner' })).result).toBe('claim_invalid');
    expect((await consume({ jti })).result).toBe('accepted');
  });
});

describe('Zendesk signature', () => {
  test("a different secret: signature_invalid with Zendesk's message", async () => {
    const res = await postForm(`${rx.url}/access/jwt`, { jwt: await zendeskToken({}, 'not-the-tenant-secret') });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error: "Couldn't authenticate you", code: 'signature_invalid', message: SIGNATURE_MESSAGE, check: 'signature' });
  });

  test('a header without alg gets the same message (as reported at Zendesk)', async () => {
    const token = tokenWithHeader({ typ: 'JWT' }, { iat: T0, jti: freshJti(), email: 'noalg@example.com', name: 'No Alg' });
    const res = await postForm(`${rx.url}/access/jwt`, { jwt: token });
    expect(res.json()).toMatchObject({ code: 'alg_not_allowed', message: SIGNATURE_MESSAGE });
  });

  test('HS256 only: HS512 and none are refused', async () => {
    const claims = { iat: T0, jti: freshJti(), email: 'alg@example.com', name: 'Alg' };
    expect((await postForm(`${rx.url}/access/jwt`, { jwt: tokenWithHeader({ alg: 'HS512', typ: 'JWT' }, claims) })).result).toBe('alg_not_allowed');
    expect((await postForm(`${rx.url}/access/jwt`, { jwt: tokenWithHeader({ alg: 'none' }, claims) })).result).toBe('alg_not_allowed');
  });
});
