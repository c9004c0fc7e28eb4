import { failedCheck } from '../helpers/checks';
import { readDb } from '../helpers/database';
import { SECRET, T0, consumeUrl, happyfoxToken, mojoToken, request, sign, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { api, expectError, expectJson } from './support';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'helpdesk', profile: 'mojo', secret: SECRET },
      { id: 'guarded', profile: 'happyfox', secret: SECRET, whitelist: { enabled: true, domains: ['idp.example.com'] } },
      { id: 'desk', profile: 'deskpro', secret: SECRET },
    ],
  });
});
afterAll(() => rx.stop());

const counts = () =>
  readDb(rx, (db) =>
    db
      .prepare('SELECT (SELECT count(*) FROM attempts), (SELECT count(*) FROM users), (SELECT count(*) FROM sessions), (SELECT count(*) FROM replay_ledger)')
      .raw()
      .get(),
  );

describe('POST /_receiver/check (dry run)', () => {
  test('the full verdict; the jti is not spent, nothing is created or recorded; the consume route still accepts it', async () => {
    const token = await happyfoxToken({ jti: 'dry-1' });
    const before = counts();
    const body = expectJson(await api(rx.url, 'POST', '/check', { tenant: 'default', token }), 200);
    expect(body).toMatchObject({
      dryRun: true,
      tenant: 'default',
      profile: 'happyfox',
      at: T0 * 1000,
      accepted: true,
      code: null,
      message: null,
      secretIndex: 0,
    });
    expect(body.identity).toMatchObject({ email: 'jane@example.com' });
    expect(body.replay).toEqual({ applied: false, kind: 'jti', key: 'jti:dry-1', held: false, usedAt: null, keepUntil: null });
    expect(body.checks.at(-1)).toEqual({
      name: 'replay',
      status: 'skip',
      claim: 'jti',
      reason: 'unspent',
      message: expect.stringContaining('dry run: not applied; jti dry-1 is not in the ledger'),
    });
    expect(counts()).toEqual(before);

    // Twice more: still not spent.
    expectJson(await api(rx.url, 'POST', '/check', { token }), 200);
    const spent = await request(consumeUrl(rx.url, '/jwt/', { token }));
    expect(spent.result).toBe('accepted');
    const firstAttempt = (await rx.store.searchAttempts({ limit: 1 }))[0]!.id;

    // Now the ledger holds it: the dry run says so, and a consume would be a replay.
    const after = expectJson(await api(rx.url, 'POST', '/check', { token }), 200);
    expect(after.replay).toEqual({ applied: false, kind: 'jti', key: 'jti:dry-1', held: true, usedAt: T0 * 1000, keepUntil: (T0 + 180) * 1000 });
    // The same author words the dry run's replay check and the consume route's: seconds since the first use, and by which attempt.
    expect(after.checks.at(-1)).toMatchObject({ name: 'replay', status: 'skip', claim: 'jti', reason: 'replayed', actual: 0, unit: 's', firstAttempt });
    const replayed = await request(consumeUrl(rx.url, '/jwt/', { token }), { json: true });
    expect(replayed.result).toBe('token_replayed');
    expect(failedCheck(replayed.json())).toMatchObject({
      name: 'replay',
      code: 'token_replayed',
      claim: 'jti',
      reason: 'replayed',
      actual: 0,
      unit: 's',
      firstAttempt,
    });
  });

  test('a refused token: its code, the vendor message and every check; no replay key', async () => {
    const body = expectJson(await api(rx.url, 'POST', '/check', { token: await happyfoxToken({ iat: T0 - 187 }) }), 200);
    expect(body).toMatchObject({ accepted: false, code: 'token_expired', message: 'Remote token has expired' });
    expect(body.replay).toMatchObject({ applied: false, kind: null, held: false });
    expect(body.checks.find((c: { name: string }) => c.name === 'iat_window')).toMatchObject({ status: 'fail', code: 'token_expired' });
    const bad = expectJson(await api(rx.url, 'POST', '/check', { token: await happyfoxToken({}, 'another-secret-0123456789') }), 200);
    expect(bad).toMatchObject({ accepted: false, code: 'signature_invalid', secretIndex: null });
    const junk = expectJson(await api(rx.url, 'POST', '/check', { token: 'not.a.jwt' }), 200);
    expect(junk).toMatchObject({ accepted: false, code: 'token_malformed' });
  });

  test('Mojo: the content key; Deskpro: the vendor checks no replays (its own warning)', async () => {
    const mojo = expectJson(await api(rx.url, 'POST', '/check', { tenant: 'helpdesk', token: await mojoToken() }), 200);
    expect(mojo.replay).toMatchObject({ kind: 'content', key: expect.stringMatching(/^sha256:/), held: false });
    const desk = expectJson(await api(rx.url, 'POST', '/check', { tenant: 'desk', token: await sign({ email: 'd@example.com', name: 'D', iat: T0 }) }), 200);
    expect(desk).toMatchObject({ accepted: true, replay: { kind: null, held: false } });
    expect(desk.checks.filter((c: { name: string }) => c.name === 'replay')).toEqual([expect.objectContaining({ status: 'warn' })]);
  });

  test('referer and origin stand in for the consume request (HappyFox whitelisting)', async () => {
    const token = await happyfoxToken();
    expect(
      expectJson(await api(rx.url, 'POST', '/check', { tenant: 'guarded', token }), 200).checks.find((c: { name: string }) => c.name === 'whitelist'),
    ).toMatchObject({ status: 'skip' });
    expect(expectJson(await api(rx.url, 'POST', '/check', { tenant: 'guarded', token, referer: 'https://idp.example.com/sso' }), 200)).toMatchObject({
      accepted: true,
    });
    expect(expectJson(await api(rx.url, 'POST', '/check', { tenant: 'guarded', token, origin: 'https://evil.example' }), 200)).toMatchObject({
      accepted: false,
      code: 'domain_not_whitelisted',
    });
  });

  test('bad input: request_invalid with the field, tenant_unknown for an unknown tenant', async () => {
    expect(expectError(await api(rx.url, 'POST', '/check', {}), 400, 'request_invalid').problems).toEqual(['token is required']);
    expect(expectError(await api(rx.url, 'POST', '/check', { token: '' }), 400, 'request_invalid').problems).toEqual(['token must not be empty']);
    expect(expectError(await api(rx.url, 'POST', '/check', { token: 42, jwt: 'x' }), 400, 'request_invalid').problems).toEqual([
      'token must be a string (got number)',
      'jwt is not a known field',
    ]);
    expectError(await api(rx.url, 'POST', '/check', { tenant: 'nope', token: 'a.b.c' }), 404, 'tenant_unknown');
    expectError(await api(rx.url, 'POST', '/check'), 400, 'request_invalid');
  });
});
