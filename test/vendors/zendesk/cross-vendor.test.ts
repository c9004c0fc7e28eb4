import { parseConfig } from '../../../src/config/load';
import type { TenantOptions } from '../../../src/config/schema';
import { checkToken } from '../../../src';
import { SECRET, T0, consumeUrl, freshJti, happyfoxToken, request, sign, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { postForm, zendeskToken } from './support';

const HF_SECRET = 'happyfox-tenant-secret-0123456789';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'zendesk', secret: SECRET },
      { id: 'hf', profile: 'happyfox', secret: HF_SECRET },
      // Same secret as the Zendesk tenant: only the contracts differ.
      { id: 'hfsame', profile: 'happyfox', secret: SECRET },
    ],
  });
});
afterAll(() => rx.stop());

const happyfox = (token: string, tenant: string) => request(consumeUrl(`${rx.url}/t/${tenant}`, '/jwt/', { token }), { json: true });

describe('Zendesk and HappyFox tenants side by side', () => {
  test('a Zendesk token at a HappyFox tenant is refused: another secret', async () => {
    const res = await happyfox(await zendeskToken(), 'hf');
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error: 'signature_invalid', message: 'JWT login failed' });
  });

  test("a HappyFox token at a Zendesk tenant is refused: another secret, in Zendesk's words", async () => {
    const res = await postForm(`${rx.url}/access/jwt`, { jwt: await happyfoxToken({}, HF_SECRET) });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({
      error: "Couldn't authenticate you",
      code: 'signature_invalid',
      message: 'JWT signature invalid. The signature cannot be verified, check that your tokens match.',
    });
  });

  test("each vendor's route exists only on its own tenants", async () => {
    const atHappyfox = await postForm(`${rx.url}/t/hf/access/jwt`, { jwt: await zendeskToken({}, HF_SECRET) }, { headers: { accept: 'application/json' } });
    expect(atHappyfox.status).toBe(404);
    expect(atHappyfox.result).toBe('route_unknown');
    expect(atHappyfox.json().detail).toMatch(/GET \/t\/hf\/jwt\/\?token=<jwt>/);

    const atZendesk = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }), { json: true });
    expect(atZendesk.status).toBe(404);
    expect(atZendesk.json().detail).toMatch(/POST\|GET \/access\/jwt\?jwt=<jwt>/);
    expect((await request(consumeUrl(rx.url, '/access/jwt', { token: await zendeskToken() }))).result).toBe('token_missing');
  });

  test('same secret, other contract: a Zendesk token 150 s old passes Zendesk (180 s) but not HappyFox (120 s)', async () => {
    expect((await postForm(`${rx.url}/access/jwt`, { jwt: await zendeskToken({ iat: T0 - 150 }) })).result).toBe('accepted');
    const res = await happyfox(await zendeskToken({ iat: T0 - 150 }), 'hfsame');
    expect(res.json()).toMatchObject({ error: 'token_expired', message: 'Remote token has expired' });
  });

  test('same secret, other contract: a HappyFox token without name passes HappyFox (a warning) but not Zendesk', async () => {
    const claims = { iat: T0, jti: freshJti(), email: 'noname@example.com' };
    expect((await happyfox(await sign(claims), 'hfsame')).status).toBe(302);
    const res = await postForm(`${rx.url}/access/jwt`, { jwt: await sign({ ...claims, jti: freshJti() }) });
    expect(res.json()).toMatchObject({ code: 'claim_missing', check: 'name' });
  });

  test('same secret, other contract: a HappyFox iat 10 s ahead is refused there (5 s tolerance) and accepted by Zendesk (180 s skew)', async () => {
    expect((await happyfox(await happyfoxToken({ iat: T0 + 10 }), 'hfsame')).json()).toMatchObject({ error: 'token_not_yet_valid' });
    expect((await postForm(`${rx.url}/access/jwt`, { jwt: await happyfoxToken({ iat: T0 + 10 }) })).result).toBe('accepted');
  });

  test('a jti spent at one tenant is still fresh at the other', async () => {
    const jti = freshJti();
    expect((await postForm(`${rx.url}/access/jwt`, { jwt: await zendeskToken({ jti }) })).result).toBe('accepted');
    expect((await happyfox(await happyfoxToken({ jti }), 'hfsame')).status).toBe(302);
  });

  test("the HappyFox refusal is its own (page/JSON with its code); Zendesk's is the 401 body", async () => {
    const hf = await request(consumeUrl(`${rx.url}/t/hf`, '/jwt/', { token: await happyfoxToken({ iat: T0 - 500 }, HF_SECRET) }));
    expect(hf.headers.get('content-type')).toMatch(/^text\/html/);
    expect(hf.body).toContain('Remote token has expired');
  });

  test('Zendesk options are refused on a HappyFox tenant', () => {
    expect(() => parseConfig({ tenants: [{ id: 'x', profile: 'happyfox', secret: 's', options: { allowGet: false } }] }, 'test')).toThrow(
      /options\.allowGet is a zendesk option/,
    );
    expect(() => parseConfig({ tenants: [{ id: 'x', profile: 'happyfox', secret: 's', options: { iatSkewSeconds: 120 } }] }, 'test')).toThrow(
      /options\.iatSkewSeconds is a zendesk option/,
    );
    expect(
      parseConfig(
        { tenants: [{ id: 'x', profile: 'zendesk', secret: 's', options: { allowGet: false, iatSkewSeconds: 120, returnToHosts: ['*.brand.example'] } }] },
        'test',
      ).tenants[0],
    ).toMatchObject({
      profile: 'zendesk',
      options: { allowGet: false, iatSkewSeconds: 120, returnToHosts: ['*.brand.example'] },
    });
  });

  // checkToken types its tenant as the parsed config; the defaults are filled in by parsing.
  test("checkToken() gives the same verdict offline, with the tenant's options", async () => {
    const token = await zendeskToken({ iat: T0 - 150, tags: ['a'], external_id: 'e-1' });
    const verdict = await checkToken({ profile: 'zendesk', secret: SECRET }, token, T0 * 1000);
    expect(verdict).toMatchObject({ accepted: true, identity: { key: 'external_id:e-1', externalId: 'e-1', attributes: { tags: ['a'] } } });
    expect(verdict.replay).toMatchObject({ kind: 'jti', keepUntilMs: (T0 - 150 + 180 + 60) * 1000 });
    const strict = await checkToken({ profile: 'zendesk', secret: SECRET, options: { iatSkewSeconds: 120 } as TenantOptions }, token, T0 * 1000);
    expect(strict).toMatchObject({
      accepted: false,
      code: 'token_expired',
      message: 'Invalid iat parameter. The supplied iat value is more than 3 minutes off, check your server clock.',
    });
  });
});
