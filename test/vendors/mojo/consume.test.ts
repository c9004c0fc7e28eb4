import { failedCheck } from '../../helpers/checks';
import { T0, SECRET, consumeUrl, mojoToken, request, sign, startTestReceiver, type TestReceiver } from '../../helpers/receiver';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'mojo', secret: SECRET },
      { id: 'acme', profile: 'mojo', secret: 'acme-secret', remoteLoginUrl: 'https://idp.acme.example/sso/mojo' },
    ],
  });
});
afterAll(() => rx.stop());

const consume = (token: string, base = rx.url) => consumeUrl(base, '/jwt/consume', { token });

describe('Mojo Helpdesk /jwt/consume?token=', () => {
  test('a valid token logs the user in with first and last name and lands on /home', async () => {
    const res = await request(consume(await mojoToken({ email: 'John@Example.com', first_name: 'John', last_name: 'Smith' })));
    expect(res.status).toBe(302);
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/home');
    const user = (await rx.store.searchUsers({ tenant: 'default' })).find((u) => u.email === 'john@example.com');
    expect(user).toMatchObject({ firstName: 'John', lastName: 'Smith', name: 'John Smith' });
  });

  test('the Ruby sample payload (iat, email, first_name, last_name, no jti) is accepted', async () => {
    const token = await sign({ email: 'some@email.com', first_name: 'John', last_name: 'Smith', iat: T0 });
    expect((await request(consume(token))).result).toBe('accepted');
  });

  test("HappyFox's /jwt/ is not a Mojo route", async () => {
    expect((await request(consumeUrl(rx.url, '/jwt/', { token: await mojoToken() }))).status).toBe(404);
  });

  test("return_to is not part of Mojo's contract: always /home", async () => {
    const res = await request(`${consume(await mojoToken({ email: 'rt@example.com' }))}&return_to=/tickets`);
    expect(res.location).toBe('/home');
  });

  test('iat more than 2 minutes old is refused; 120 s is accepted', async () => {
    expect((await request(consume(await mojoToken({ email: 'w1@example.com', iat: T0 - 120 })))).result).toBe('accepted');
    const old = await request(consume(await mojoToken({ iat: T0 - 121 })), { json: true });
    expect(old.status).toBe(401);
    expect(old.json()).toMatchObject({ error: 'token_expired', check: 'iat_window' });
    expect(failedCheck(old.json())).toMatchObject({
      name: 'iat_window',
      code: 'token_expired',
      claim: 'iat',
      reason: 'too_old',
      actual: 121,
      limit: 120,
      unit: 's',
    });
  });

  test('iat and email are required; first_name and last_name are optional', async () => {
    expect((await request(consume(await mojoToken({ iat: undefined })))).result).toBe('claim_missing');
    expect((await request(consume(await mojoToken({ email: undefined })))).result).toBe('claim_missing');
    expect((await request(consume(await sign({ iat: T0, email: 'bare@example.com' })))).result).toBe('accepted');
    expect((await request(consume(await mojoToken({ first_name: 7 })))).result).toBe('claim_invalid');
  });

  test('iat in milliseconds and as a string are refused', async () => {
    expect((await request(consume(await mojoToken({ iat: T0 * 1000 })))).result).toBe('claim_invalid');
    expect((await request(consume(await mojoToken({ iat: String(T0) })))).result).toBe('claim_invalid');
  });

  test('without a jti, the same token a second time inside its window is refused', async () => {
    const token = await mojoToken({ email: 'twice@example.com' });
    expect((await request(consume(token))).result).toBe('accepted');
    const firstAttempt = (await rx.store.searchAttempts({ limit: 1 }))[0]!.id;
    const again = await request(consume(token), { json: true });
    expect(again.result).toBe('token_replayed');
    // No jti in Mojo's contract: the check names no claim; the first use was 0 s ago, by the attempt just recorded.
    const replay = failedCheck(again.json());
    expect(replay).toMatchObject({ name: 'replay', code: 'token_replayed', reason: 'replayed', actual: 0, unit: 's', firstAttempt });
    expect(replay.claim).toBeUndefined();
  });

  test('the replay key is the signed content: a re-encoded signature part is not a new token', async () => {
    const token = await mojoToken({ email: 'malleable@example.com' });
    expect((await request(consume(token))).result).toBe('accepted');
    const [h, p, s] = token.split('.') as [string, string, string];
    // Flip the two spare low bits of the last signature character: same bytes, different text.
    const last = s.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[(alphabet.indexOf(last) & ~3) | ((alphabet.indexOf(last) + 1) & 3)] as string;
    const res = await request(consume(`${h}.${p}.${s.slice(0, -1)}${twin}`));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.result).not.toBe('accepted');
  });

  test('two tokens with equal claims but different iat are different logins', async () => {
    expect(await request(consume(await mojoToken({ email: 'same@example.com', iat: T0 - 1 })))).toMatchObject({ result: 'accepted' });
    expect(await request(consume(await mojoToken({ email: 'same@example.com', iat: T0 - 2 })))).toMatchObject({ result: 'accepted' });
  });

  test('tenant acme at /t/acme/ uses its own secret; the default secret is refused there', async () => {
    const base = `${rx.url}/t/acme`;
    const ok = await request(consume(await mojoToken({ email: 'a@acme.example' }, 'acme-secret'), base));
    expect(ok.result).toBe('accepted');
    expect(ok.location).toBe('/t/acme/home');
    expect((await request(consume(await mojoToken({ email: 'b@acme.example' }), base))).result).toBe('signature_invalid');
  });

  test("/login redirects to the tenant's remote login URL", async () => {
    const res = await request(`${rx.url}/t/acme/login`);
    expect(res.status).toBe(302);
    expect(res.location).toBe('https://idp.acme.example/sso/mojo');
  });
});
