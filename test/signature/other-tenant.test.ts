import { generateKeyPairSync } from 'node:crypto';
import { checkToken } from '../../src/index';
import { SECRET, T0_MS, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { api, expectJson } from '../api/support';
import { expectNoLeak, leakForms, libraryToken, refuse } from './support';

/**
 * A token signed with the secret of another tenant on the same receiver: the refusal names that
 * tenant's id (never its secret), on the consume route and in the dry run. The search is bounded:
 * at most 16 other keys are tried.
 */

const ACME = 'acme-mojo-secret-0123456789abcdef';
const GLOBEX_CURRENT = 'globex-current-secret-0123456789';
const GLOBEX_OLD = 'globex-older-secret-9876543210';
const filler = (i: number) => `filler-tenant-secret-${String(i).padStart(2, '0')}-0123456789`;

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'acme', profile: 'mojo', secret: ACME },
      { id: 'globex', profile: 'happyfox', secrets: [GLOBEX_CURRENT, GLOBEX_OLD] },
      {
        id: 'rs',
        profile: 'deskpro',
        options: {
          algorithm: 'RS256',
          publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        },
      },
      // 3 keys above (acme, globex x2); 13 more fill the budget of 16; the 17th and later are not tried.
      ...Array.from({ length: 16 }, (_, i) => ({ id: `filler${i + 1}`, profile: 'happyfox', secret: filler(i + 1) })),
    ],
  });
});
afterAll(() => rx.stop());

test("a token signed with another tenant's secret names that tenant, not the secret", async () => {
  const { answer, body, failed } = await refuse(rx, await libraryToken(ACME), [SECRET, ACME]);
  expect({ status: answer.status, result: answer.result }).toEqual({ status: 401, result: 'signature_invalid' });
  expect(body).toMatchObject({ error: 'signature_invalid', message: 'JWT login failed', finding: 'other_tenant_secret' });
  expect(body.detail).toBe(
    'signature does not match the tenant\'s secret, but matches the secret of tenant "acme" on this receiver: the IdP uses that tenant\'s secret, or sends this tenant a token meant for "acme"',
  );
  expect(body.hint).toMatch(/^the IdP is configured with another tenant's secret/);
  expect(failed).toMatchObject({ finding: 'other_tenant_secret', message: body.detail });
});

test("an older (rotated) secret of another tenant is recognised too, and the other tenant's HMAC keys only", async () => {
  const { body } = await refuse(rx, await libraryToken(GLOBEX_OLD), [SECRET, GLOBEX_OLD, GLOBEX_CURRENT]);
  expect(body).toMatchObject({ finding: 'other_tenant_secret', detail: expect.stringContaining('the secret of tenant "globex"') });
});

test('the dry run names the tenant the same way, and shows no secret', async () => {
  const res = await api(rx.url, 'POST', '/check', { tenant: 'default', token: await libraryToken(ACME) });
  const body = expectJson(res, 200);
  const signature = body.checks.find((c: { name: string }) => c.name === 'signature');
  expect(body).toMatchObject({ accepted: false, code: 'signature_invalid' });
  expect(signature).toMatchObject({ status: 'fail', finding: 'other_tenant_secret', message: expect.stringContaining('tenant "acme"') });
  expectNoLeak(res.body, leakForms(SECRET, ACME), 'dry run');
});

test('the search is bounded: the 13th filler tenant (the 16th other key) is found, the 14th is not tried', async () => {
  expect((await refuse(rx, await libraryToken(filler(13)), [SECRET, filler(13)])).body).toMatchObject({
    finding: 'other_tenant_secret',
    detail: expect.stringContaining('tenant "filler13"'),
  });
  const beyond = await refuse(rx, await libraryToken(filler(14)), [SECRET, filler(14)]);
  expect(beyond.body).toMatchObject({ error: 'signature_invalid', finding: null });
  expect(beyond.body.detail).toBe(
    "signature does not match the tenant's secret: the IdP signs with a different secret (not one of the encoding, white-space, algorithm or serialisation mistakes the receiver tries, nor one of the first 16 secrets of other tenants; no more are tried)",
  );
});

test('checkToken (one tenant, offline) knows no other tenant: the generic message', async () => {
  const verdict = await checkToken({ profile: 'happyfox', secret: SECRET }, await libraryToken(ACME), T0_MS);
  const signature = verdict.checks.find((c) => c.name === 'signature');
  expect(verdict.code).toBe('signature_invalid');
  expect(signature).not.toHaveProperty('finding');
  expect(signature?.message).toBe(
    "signature does not match the tenant's secret: the IdP signs with a different secret (not one of the encoding, white-space, algorithm or serialisation mistakes the receiver tries)",
  );
});
