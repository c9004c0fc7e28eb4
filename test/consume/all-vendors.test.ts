import { exportSPKI, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { T0, T0_MS, freshJti, request, sign, startTestReceiver, type Answer, type TestReceiver } from '../helpers/receiver';
import { vendorClaims } from '../helpers/tokens';
import type { ProfileId } from '../../src/vendors';

/** Five tenants, one per profile, each with its own secret, in one config. */
const SECRETS = {
  happyfox: 'hf-secret-0123456789',
  mojo: 'mojo-secret-0123456789',
  deskpro: 'dp-secret-0123456789',
  zendesk: 'zd-secret-0123456789',
  zoho: 'zoho-secret-0123456789',
};
type Vendor = keyof typeof SECRETS;
const VENDORS = Object.keys(SECRETS) as Vendor[];
const PROFILE: Record<Vendor, ProfileId> = { happyfox: 'happyfox', mojo: 'mojo', deskpro: 'deskpro', zendesk: 'zendesk', zoho: 'zoho-asap' };

let rx: TestReceiver;
let rsaPrivate: KeyLike;
beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  rsaPrivate = pair.privateKey;
  rx = await startTestReceiver({
    tenants: [
      ...VENDORS.map((v) => ({ id: v, profile: PROFILE[v], secret: SECRETS[v] })),
      { id: 'rotated', profile: 'happyfox', secrets: ['current-secret-0123', 'previous-secret-0123'] },
      // An RS256 Deskpro tenant needs no shared secret at all.
      { id: 'rsa', profile: 'deskpro', options: { algorithm: 'RS256', publicKey: await exportSPKI(pair.publicKey) } },
    ],
  });
});
afterAll(() => rx.stop());

/** A token that passes every check of the vendor's contract at T0 (its factory's), for a fresh user. */
function goodToken(vendor: Vendor, secret = SECRETS[vendor]): Promise<string> {
  return sign(vendorClaims(PROFILE[vendor], T0_MS, { email: `${vendor}-${freshJti()}@example.com`, name: 'Test User' }, freshJti()), secret);
}

/** Sends `token` to tenant `at` the way that tenant's vendor takes it. */
function consume(at: Vendor | 'rotated' | 'rsa', token: string): Promise<Answer> {
  const base = `${rx.url}/t/${at}`;
  switch (at) {
    case 'mojo':
      return request(`${base}/jwt/consume?token=${token}`);
    case 'deskpro':
    case 'rsa':
      return request(`${base}/login/authenticate-callback/1?jwt=${token}`);
    case 'zendesk':
      return request(`${base}/access/jwt`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `jwt=${token}` });
    case 'zoho':
      return request(`${base}/asap/jwt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jwt: token }) });
    default:
      return request(`${base}/jwt/?token=${token}`);
  }
}

describe('tenants of all five profiles in one config', () => {
  test.each(VENDORS)('a good %s token is accepted at its own tenant', async (vendor) => {
    const res = await consume(vendor, await goodToken(vendor));
    expect(res.result).toBe('accepted');
    expect(res.status).toBe(vendor === 'zoho' ? 200 : 302);
  });

  test.each(VENDORS.flatMap((from) => VENDORS.filter((to) => to !== from).map((to) => [from, to] as const)))(
    'a %s token is refused at the %s tenant (4xx, never accepted, never 5xx)',
    async (from, to) => {
      const res = await consume(to, await goodToken(from));
      expect(res.result).not.toBe('accepted');
      expect(res.status).toBeGreaterThanOrEqual(300);
      expect(res.status).toBeLessThan(500);
      if (res.status !== 302) expect(res.result).toBe('signature_invalid');
    },
  );
});

describe('secret rotation', () => {
  const lastSignatureCheck = async () =>
    ((await rx.store.searchAttempts({ tenant: 'rotated', limit: 1 }))[0]?.checks as Array<{ name: string; status: string; message: string }>).find(
      (c) => c.name === 'signature',
    );

  test('the current (first) secret verifies without a warning, naming which one matched', async () => {
    expect((await consume('rotated', await goodToken('happyfox', 'current-secret-0123'))).result).toBe('accepted');
    expect(await lastSignatureCheck()).toMatchObject({ status: 'pass', message: expect.stringContaining('secret #1 of 2') });
  });

  test('an older secret still verifies, with a warning', async () => {
    expect((await consume('rotated', await goodToken('happyfox', 'previous-secret-0123'))).result).toBe('accepted');
    expect(await lastSignatureCheck()).toMatchObject({ status: 'warn', message: expect.stringContaining('secret #2 of 2') });
  });

  test('a secret not on the list is refused', async () => {
    const res = await consume('rotated', await goodToken('happyfox', 'retired-secret-0123'));
    expect(res.result).toBe('signature_invalid');
  });
});

describe('an RS256 Deskpro tenant without a shared secret', () => {
  test('accepts a token signed with the private key and refuses an HS256 one', async () => {
    const token = await new SignJWT({ id: 'r1', email: 'rsa@example.com', name: 'R S', iat: T0, exp: T0 + 300 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(rsaPrivate);
    expect((await consume('rsa', token)).result).toBe('accepted');
    expect((await consume('rsa', await goodToken('deskpro'))).result).toBe('alg_not_allowed');
  });
});
