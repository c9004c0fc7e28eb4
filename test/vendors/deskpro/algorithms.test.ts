import { SignJWT, type KeyLike } from 'jose';
import { parseConfig } from '../../../src/config/load';
import { ConfigError } from '../../../src/errors';
import { SECRET, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { USER_CALLBACK, deskproToken, lastAttempt, mismatch, rsaKeyPair, url } from './support';

const ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256'] as const;
type Alg = (typeof ALGORITHMS)[number];

let rx: TestReceiver;
let rsa: { privateKey: KeyLike; publicPem: string };
let otherRsa: { privateKey: KeyLike; publicPem: string };

/** One tenant per "Decryption Algorithm", all with the same HMAC secret so only the algorithm differs. */
const TENANT: Record<Alg, string> = { HS256: 'hs256', HS384: 'hs384', HS512: 'hs512', RS256: 'rs256' };

beforeAll(async () => {
  rsa = await rsaKeyPair();
  otherRsa = await rsaKeyPair();
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'deskpro', secret: SECRET },
      { id: 'hs256', profile: 'deskpro', secret: SECRET, options: { algorithm: 'HS256' } },
      { id: 'hs384', profile: 'deskpro', secret: SECRET, options: { algorithm: 'HS384' } },
      { id: 'hs512', profile: 'deskpro', secret: SECRET, options: { algorithm: 'HS512' } },
      { id: 'rs256', profile: 'deskpro', secret: 'unused-for-rs256', options: { algorithm: 'RS256', publicKey: rsa.publicPem } },
    ],
  });
});
afterAll(() => rx.stop());

const callbackAt = (tenant: string, jwt: string) => url(`${rx.url}/t/${tenant}`, USER_CALLBACK, { jwt });
/** A valid Deskpro token signed the way an IdP set to `alg` signs it. */
const tokenFor = (alg: Alg, overrides: Record<string, unknown> = {}) => deskproToken(overrides, alg, alg === 'RS256' ? rsa.privateKey : SECRET);

describe('Deskpro "Decryption Algorithm": the tenant accepts exactly the one it selected', () => {
  test.each(ALGORITHMS)('a %s token at the tenant that selected it is accepted', async (alg) => {
    const res = await request(callbackAt(TENANT[alg], await tokenFor(alg)));
    expect(res.status).toBe(302);
    expect(res.result).toBe('accepted');
    expect((await lastAttempt(rx, TENANT[alg])).header).toMatchObject({ alg });
  });

  test('HS256 is the default when no algorithm is selected', async () => {
    expect((await request(url(rx.url, USER_CALLBACK, { jwt: await tokenFor('HS256') }))).result).toBe('accepted');
    const res = await request(url(rx.url, USER_CALLBACK, { jwt: await tokenFor('HS512') }), { json: true });
    expect(res.json()).toMatchObject({ error: 'alg_not_allowed', message: mismatch('HS256') });
  });

  const pairs = ALGORITHMS.flatMap((tenantAlg) => ALGORITHMS.filter((a) => a !== tenantAlg).map((tokenAlg) => [tokenAlg, tenantAlg] as const));
  test.each(pairs)("a %s token at the %s tenant is alg_not_allowed with Deskpro's message naming the selected algorithm", async (tokenAlg, tenantAlg) => {
    const res = await request(callbackAt(TENANT[tenantAlg], await tokenFor(tokenAlg)), { json: true });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error: 'alg_not_allowed', check: 'alg', message: mismatch(tenantAlg) });
    expect(res.json().detail).toContain(`alg "${tokenAlg}" is not accepted`);
  });

  test('the mismatch message is on the HTML refusal page too', async () => {
    const res = await request(callbackAt('hs512', await tokenFor('HS256')));
    expect(res.status).toBe(401);
    expect(res.result).toBe('alg_not_allowed');
    expect(res.body).toContain('You selected the decryption algorithm &quot;HS512&quot; but the incoming JWT token used a different algorithm.');
  });

  test("key confusion: an HS256 token keyed with the RS256 tenant's public key PEM is refused by algorithm", async () => {
    const forged = await deskproToken({}, 'HS256', rsa.publicPem);
    expect((await request(callbackAt('rs256', forged), { json: true })).json()).toMatchObject({ error: 'alg_not_allowed', message: mismatch('RS256') });
  });

  test("an RS256 token from another key pair is signature_invalid, with Deskpro's fallback words", async () => {
    const res = await request(callbackAt('rs256', await deskproToken({}, 'RS256', otherRsa.privateKey)), { json: true });
    expect(res.json()).toMatchObject({ error: 'signature_invalid', message: 'JWT authentication failed' });
    expect(res.json().detail).toContain("the tenant's public key");
  });

  test('an HS512 token with the wrong secret is signature_invalid, not a mismatch', async () => {
    expect((await request(callbackAt('hs512', await deskproToken({}, 'HS512', 'another-secret-entirely')))).result).toBe('signature_invalid');
  });

  test('alg "none" and a header without alg are refused with the mismatch message', async () => {
    const payload = Buffer.from(JSON.stringify({ email: 'none@example.com' })).toString('base64url');
    for (const header of [{ alg: 'none', typ: 'JWT' }, { typ: 'JWT' }]) {
      const token = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${payload}.`;
      const res = await request(callbackAt('hs384', token), { json: true });
      expect(res.json()).toMatchObject({ error: 'alg_not_allowed', message: mismatch('HS384') });
    }
  });

  test('algorithm names are case-sensitive: "hs256" is a mismatch', async () => {
    const token = await new SignJWT({ email: 'case@example.com' }).setProtectedHeader({ alg: 'HS256' }).sign(Buffer.from(SECRET));
    const [, payload, signature] = token.split('.');
    const lower = `${Buffer.from(JSON.stringify({ alg: 'hs256' })).toString('base64url')}.${payload}.${signature}`;
    expect((await request(callbackAt('hs256', lower), { json: true })).json()).toMatchObject({ error: 'alg_not_allowed', message: mismatch('HS256') });
  });
});

describe('Deskpro algorithm options in the configuration', () => {
  test('RS256 without a PEM public key is a configuration error naming the path', () => {
    expect(() => parseConfig({ tenants: [{ id: 'x', profile: 'deskpro', secret: 's', options: { algorithm: 'RS256' } }] }, 'test')).toThrow(ConfigError);
    expect(() =>
      parseConfig({ tenants: [{ id: 'x', profile: 'deskpro', secret: 's', options: { algorithm: 'RS256', publicKey: 'not a key' } }] }, 'test'),
    ).toThrow(/options\.publicKey/);
  });

  test('an algorithm Deskpro does not offer is refused', () => {
    expect(() => parseConfig({ tenants: [{ id: 'x', profile: 'deskpro', secret: 's', options: { algorithm: 'ES256' } }] }, 'test')).toThrow(
      /options\.algorithm/,
    );
  });

  test('algorithm is a Deskpro option: on a HappyFox tenant it is an error', () => {
    expect(() => parseConfig({ tenants: [{ id: 'x', profile: 'happyfox', secret: 's', options: { algorithm: 'HS512' } }] }, 'test')).toThrow(
      /is a deskpro option/,
    );
  });
});
