import { generateKeyPairSync } from 'node:crypto';
import { parseConfig } from '../../../src/config/load';
import { checkNamed, failedCheck } from '../../helpers/checks';
import { T0, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { signClaims } from '../../helpers/tokens';

/** Freshworks custom JWT through the real receiver: /login issues state and nonce, /sp/OIDC/1/implicit redeems them. */
const STATE_NONCE = 'Constraint validation failed with reason: Invalid state param or nonce param sent by IDP';
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const idp = pair();
const stranger = pair();
const publicPem = idp.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const AUTHORIZE = 'https://idp.example.com/oauth2/authorize';

let rx: TestReceiver;
beforeAll(async () => {
  const base = { profile: 'freshworks', remoteLoginUrl: AUTHORIZE };
  rx = await startTestReceiver({
    tenants: [
      { id: 'fw', ...base, options: { publicKey: publicPem, freshworksClientId: 'acme-client' } },
      { id: 'fw-slow', ...base, options: { publicKey: publicPem, maxIatAgeSeconds: 600 } },
      { id: 'fw-org', ...base, options: { publicKey: publicPem, freshworksOrganisationUsers: ['agent@example.com', 'Boss@Example.com'] } },
    ],
  });
});
afterAll(() => rx.stop());

/** Follows /login: the authorization request's parameters. */
async function authorize(tenant = 'fw', query = ''): Promise<URLSearchParams> {
  const res = await request(`${rx.url}/t/${tenant}/login${query}`);
  return new URL(res.location as string).searchParams;
}
let n = 0;
/** An id_token as the Freshworks clients build it (RS256 with the IdP's private key). */
function idToken(nonce: string, claims: Record<string, unknown> = {}, key = idp.privateKey): Promise<string> {
  const all = { sub: `user-${++n}`, email: `fw${n}@example.com`, iat: T0, nonce, given_name: 'Fran', family_name: 'Works', ...claims };
  for (const [k, v] of Object.entries(all)) if (v === undefined) delete all[k as keyof typeof all];
  return signClaims(all, key as never, 'RS256');
}
const implicit = (state: string | null, token: string, tenant = 'fw') =>
  request(`${rx.url}/t/${tenant}/sp/OIDC/1/implicit?${new URLSearchParams({ ...(state === null ? {} : { state }), id_token: token })}`, { json: true });

describe('/login: the receiver starts the login', () => {
  test('redirects to the authorization URL with response_type, client_id, scope, state, redirect_uri, nonce', async () => {
    const params = await authorize();
    expect([...params.keys()]).toEqual(['response_type', 'client_id', 'scope', 'state', 'redirect_uri', 'nonce']);
    expect(Object.fromEntries(params)).toMatchObject({
      response_type: 'id_token',
      client_id: 'acme-client',
      scope: 'openid email profile',
      redirect_uri: `${rx.url}/t/fw/sp/OIDC/1/implicit`,
      state: expect.stringMatching(/^[0-9a-f]{32}$/),
      nonce: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });
});

describe('/sp/OIDC/<id>/implicit?state=&id_token=', () => {
  test('a good id_token with its state logs the user in by sub, with given and family name, where /login started', async () => {
    const p = await authorize('fw', '?redirect_to=/tickets');
    const res = await implicit(p.get('state'), await idToken(p.get('nonce') as string, { sub: 'fw-sub-1', email: 'Fran@Example.com' }));
    expect([res.status, res.result, res.location]).toEqual([302, 'accepted', '/t/fw/tickets']);
    expect((await rx.store.searchUsers({ tenant: 'fw' })).find((u) => u.email === 'fran@example.com')).toMatchObject({
      externalId: 'fw-sub-1',
      name: 'Fran Works',
    });
    const [attempt] = await rx.store.searchAttempts({ tenant: 'fw', limit: 1 });
    expect(checkNamed(attempt?.checks as unknown[], 'state')).toMatchObject({ status: 'pass' });
    expect(checkNamed(attempt?.checks as unknown[], 'nonce_match')).toMatchObject({ status: 'pass' });
  });

  test("the same callback again is refused with Freshworks' state/nonce text", async () => {
    const p = await authorize();
    const token = await idToken(p.get('nonce') as string);
    expect((await implicit(p.get('state'), token)).result).toBe('accepted');
    const again = await implicit(p.get('state'), token);
    expect([again.status, again.json().error, again.json().message]).toEqual([401, 'nonce_invalid', STATE_NONCE]);
    expect(failedCheck(again.json())).toMatchObject({ name: 'state', reason: 'replayed' });
  });

  test('state: missing, or never issued; nonce: not the one sent with this state', async () => {
    const p = await authorize();
    const token = await idToken(p.get('nonce') as string);
    expect(failedCheck((await implicit(null, token)).json())).toMatchObject({ name: 'state', code: 'nonce_invalid', reason: 'missing' });
    expect(failedCheck((await implicit('f'.repeat(32), token)).json())).toMatchObject({ name: 'state', reason: 'not_one_of' });
    const [a, b] = [await authorize(), await authorize()];
    const swapped = await implicit(a.get('state'), await idToken(b.get('nonce') as string));
    expect(failedCheck(swapped.json())).toMatchObject({ name: 'nonce_match', claim: 'nonce', reason: 'not_one_of' });
    expect(swapped.json().message).toBe(STATE_NONCE);
  });

  test('state and nonce live 600 s', async () => {
    const p = await authorize();
    rx.clock.advance(601_000);
    try {
      const late = await implicit(p.get('state'), await idToken(p.get('nonce') as string, { iat: T0 + 601 }));
      expect(failedCheck(late.json())).toMatchObject({ name: 'state', code: 'nonce_invalid', reason: 'expired' });
    } finally {
      rx.clock.advance(-601_000);
    }
  });

  test('RS256 with the configured key only: another key is "Signature validation failed: RSA Signature did not match"', async () => {
    const p = await authorize();
    const res = await implicit(p.get('state'), await idToken(p.get('nonce') as string, {}, stranger.privateKey));
    expect([res.status, res.json().error, res.json().message]).toEqual([401, 'signature_invalid', 'Signature validation failed: RSA Signature did not match']);
    const hs = await implicit(p.get('state'), await signClaims({ sub: 's', email: 'hs@example.com', iat: T0, nonce: p.get('nonce') }, publicPem, 'HS256'));
    expect(failedCheck(hs.json())).toMatchObject({ name: 'alg', code: 'alg_not_allowed', finding: 'alg_confusion_public_key' });
    // Neither spent the state: the right token is still accepted.
    expect((await implicit(p.get('state'), await idToken(p.get('nonce') as string))).result).toBe('accepted');
  });

  test('sub and email are required: "Invalid token or user info response"', async () => {
    for (const missing of ['sub', 'email']) {
      const p = await authorize();
      const res = await implicit(p.get('state'), await idToken(p.get('nonce') as string, { [missing]: undefined }));
      expect([res.json().error, res.json().check, res.json().message]).toEqual(['claim_missing', missing, 'Invalid token or user info response']);
    }
  });

  test('iat: 300 s old is accepted and 301 s refused by default (Freshworks documents no window); maxIatAgeSeconds changes it', async () => {
    let p = await authorize();
    expect((await implicit(p.get('state'), await idToken(p.get('nonce') as string, { iat: T0 - 300 }))).result).toBe('accepted');
    p = await authorize();
    expect(failedCheck((await implicit(p.get('state'), await idToken(p.get('nonce') as string, { iat: T0 - 301 }))).json())).toMatchObject({
      name: 'iat_window',
      code: 'token_expired',
      actual: 301,
      limit: 300,
    });
    p = await authorize('fw-slow');
    expect((await implicit(p.get('state'), await idToken(p.get('nonce') as string, { iat: T0 - 590 }), 'fw-slow')).result).toBe('accepted');
  });
});

describe('freshworksOrganisationUsers: "cannot be logged in as this user is not part of this organisation"', () => {
  const NOT_IN_ORG = 'cannot be logged in as this user is not part of this organisation';

  test('an address the organisation has is accepted, in any case', async () => {
    for (const email of ['agent@example.com', 'BOSS@example.COM']) {
      const p = await authorize('fw-org');
      expect((await implicit(p.get('state'), await idToken(p.get('nonce') as string, { email }), 'fw-org')).result).toBe('accepted');
    }
    const [attempt] = await rx.store.searchAttempts({ tenant: 'fw-org', limit: 1 });
    expect(checkNamed(attempt?.checks as unknown[], 'organisation_user')).toMatchObject({ status: 'pass', claim: 'email' });
  });

  test("another address is refused with Freshworks' text (401 claim_invalid), and the state is left for the corrected id_token", async () => {
    const p = await authorize('fw-org');
    const nonce = p.get('nonce') as string;
    const res = await implicit(p.get('state'), await idToken(nonce, { email: 'requester@example.com' }), 'fw-org');
    expect([res.status, res.json().error, res.json().check, res.json().message]).toEqual([401, 'claim_invalid', 'organisation_user', NOT_IN_ORG]);
    expect(failedCheck(res.json())).toMatchObject({ claim: 'email', reason: 'not_one_of', actual: 'requester@example.com' });
    expect((await implicit(p.get('state'), await idToken(nonce, { email: 'agent@example.com' }), 'fw-org')).result).toBe('accepted');
  });

  test('without the option every address is one of the organisation; the option takes addresses only', async () => {
    const p = await authorize('fw');
    const res = await implicit(p.get('state'), await idToken(p.get('nonce') as string, { email: 'requester@example.com' }));
    expect(res.result).toBe('accepted');
    const [attempt] = await rx.store.searchAttempts({ tenant: 'fw', limit: 1 });
    expect((attempt?.checks as Array<{ name: string }>).map((c) => c.name)).not.toContain('organisation_user');
    const bad = { id: 'x', profile: 'freshworks', options: { publicKey: publicPem, freshworksOrganisationUsers: ['example.com'] } };
    expect(() => parseConfig({ tenants: [bad] }, 'test')).toThrow(/freshworksOrganisationUsers/);
  });
});

test('a Freshworks tenant needs its public key (or a PEM key as its secret)', () => {
  expect(() => parseConfig({ tenants: [{ id: 'x', profile: 'freshworks', secret: 'not-a-key' }] }, 'test')).toThrow(
    /options\.publicKey must be a PEM public key when algorithm is RS256/,
  );
  expect(() => parseConfig({ tenants: [{ id: 'x', profile: 'freshworks', options: { publicKey: publicPem } }] }, 'test')).not.toThrow();
});
