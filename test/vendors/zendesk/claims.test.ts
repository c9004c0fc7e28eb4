import { failedCheck } from '../../helpers/checks';
import { SECRET, T0, request, sign, startTestReceiver, freshJti, type TestReceiver } from '../../helpers/receiver';
import { postForm, zendeskToken } from './support';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'zendesk', secret: SECRET },
      { id: 'strict', profile: 'zendesk', secret: SECRET, options: { strict: true } },
    ],
  });
});
afterAll(() => rx.stop());

const consume = (token: string) => postForm(`${rx.url}/access/jwt`, { jwt: token });
const user = async (email: string) => (await rx.store.searchUsers({ tenant: 'default' })).find((u) => u.email === email);
const attributesOf = async (email: string) => JSON.parse((await user(email))?.attributes ?? 'null') as Record<string, unknown> | null;
let n = 0;
const uniqueEmail = () => `attr-${++n}@example.com`;

/** The check of one claim in the newest attempt. */
async function lastCheck(name: string): Promise<{ status: string; message: string; [field: string]: unknown } | undefined> {
  const [attempt] = await rx.store.searchAttempts({ tenant: 'default', limit: 1 });
  return (attempt?.checks as Array<{ name: string; status: string; message: string }>).find((c) => c.name === name);
}

describe('Zendesk required claims: iat, jti, email, name', () => {
  test('the four alone are accepted', async () => {
    const token = await sign({ iat: T0, jti: freshJti(), email: 'four@example.com', name: 'Four Claims' });
    expect((await consume(token)).result).toBe('accepted');
  });

  test.each(['iat', 'jti', 'email', 'name'])('without %s: claim_missing at that check, 401 "Couldn\'t authenticate you"', async (claim) => {
    const res = await consume(await zendeskToken({ [claim]: undefined }));
    expect(res.status).toBe(401);
    expect(res.result).toBe('claim_missing');
    expect(res.json()).toMatchObject({
      error: "Couldn't authenticate you",
      code: 'claim_missing',
      check: claim,
      detail: `${claim} is missing; Zendesk requires it`,
    });
  });

  test.each([
    ['iat', 'in milliseconds', T0 * 1000, { reason: 'milliseconds', actual: T0 * 1000, limit: 1e11, unit: 's' }],
    ['jti', 'as an object', { id: 1 }, { reason: 'wrong_type', actual: { id: 1 } }],
    ['jti', 'empty', '', { reason: 'empty', actual: 0, unit: 'characters' }],
    ['email', 'not an address', 'zoe', { reason: 'malformed' }],
    ['email', 'a number', 7, { reason: 'wrong_type', actual: 7 }],
    ['name', 'a number', 7, { reason: 'wrong_type', actual: 7 }],
  ])('%s %s is claim_invalid', async (claim, _label, value, fields) => {
    const res = await consume(await zendeskToken({ [claim]: value }));
    expect(res.result).toBe('claim_invalid');
    expect(res.json().check).toBe(claim);
    expect(failedCheck(res.json())).toEqual(expect.objectContaining({ name: claim, code: 'claim_invalid', claim, ...fields }));
  });

  // Zendesk reads iat as whole seconds (its own Node sample sent fractions for ten years): accepted
  // with a warning by default, refused under strict (src/vendors/zendesk/DECISIONS.md).
  test.each([
    ['as a string', String(T0), { reason: 'numeric_string', actual: String(T0) }, { reason: 'numeric_string', actual: T0 }, /accepted as Zendesk does/],
    ['as a fraction', T0 + 0.5, { reason: 'fractional', actual: T0 + 0.5 }, { reason: 'fractional', actual: T0 + 0.5 }, /accepted as Zendesk does/],
  ])('iat %s: accepted with a warning; claim_invalid under strict', async (_label, iat, refused, warned, why) => {
    expect((await consume(await zendeskToken({ iat }))).result).toBe('accepted');
    // The reason names the vendor's own sample (DECISIONS.md): those words are contract and stay asserted.
    expect(await lastCheck('iat')).toMatchObject({ status: 'warn', claim: 'iat', ...warned, message: expect.stringMatching(why) });
    const res = await postForm(`${rx.url}/t/strict/access/jwt`, { jwt: await zendeskToken({ iat }) });
    expect(res.result).toBe('claim_invalid');
    expect(res.json().check).toBe('iat');
    expect(failedCheck(res.json())).toMatchObject({ name: 'iat', code: 'claim_invalid', claim: 'iat', ...refused });
  });

  test('a jti may be a number', async () => {
    expect((await consume(await zendeskToken({ jti: 900000 + n++ }))).result).toBe('accepted');
  });
});

describe('Zendesk optional attributes: each type-checked, kept on the user row', () => {
  const good: Array<[string, unknown, unknown?]> = [
    ['locale', 8],
    ['locale_id', 1],
    ['organization', 'Acme Inc'],
    ['organization_id', 360001234567],
    ['phone', '+1 555 0100'],
    ['tags', ['vip', 'beta']],
    ['remote_photo_url', 'https://cdn.example/zoe.png'],
    ['role', 'agent'],
    ['role', 'admin'],
    ['role', 'user'],
    ['custom_role_id', 360000012],
    ['user_fields', { plan: 'gold', seats: 5, cleared: null }],
  ];
  test.each(good)('%s = %j is accepted and kept as an attribute', async (claim, value) => {
    const email = uniqueEmail();
    const res = await consume(await zendeskToken({ email, [claim]: value }));
    expect(res.result).toBe('accepted');
    expect(await attributesOf(email)).toEqual({ [claim]: value });
  });

  const bad: Array<[string, unknown, Record<string, unknown>]> = [
    ['external_id', 42, { reason: 'wrong_type', actual: 42 }],
    ['locale', 'en-US', { reason: 'wrong_type', actual: 'en-US' }],
    ['locale', 1.5, { reason: 'not_integer', actual: 1.5 }],
    ['locale_id', '1', { reason: 'wrong_type', actual: '1' }],
    ['organization', 7, { reason: 'wrong_type', actual: 7 }],
    ['organization', ['Acme'], { reason: 'wrong_type', actual: ['Acme'] }],
    ['organization_id', '360001234567', { reason: 'wrong_type', actual: '360001234567' }],
    ['phone', 15550100, { reason: 'wrong_type', actual: 15550100 }],
    ['tags', 7, { reason: 'wrong_type', actual: 7 }],
    ['tags', ['vip', 3], { reason: 'wrong_type', actual: ['vip', 3] }],
    ['tags', { vip: true }, { reason: 'wrong_type', actual: { vip: true } }],
    ['remote_photo_url', { url: 'https://cdn.example/x.png' }, { reason: 'wrong_type', actual: { url: 'https://cdn.example/x.png' } }],
    ['role', 'owner', { reason: 'not_one_of', actual: 'owner' }],
    ['role', 'Agent', { reason: 'not_one_of', actual: 'Agent' }],
    ['role', 2, { reason: 'wrong_type', actual: 2 }],
    ['custom_role_id', 'manager', { reason: 'wrong_type', actual: 'manager' }],
    ['user_fields', ['plan', 'gold'], { reason: 'wrong_type', actual: ['plan', 'gold'] }],
    ['user_fields', 5, { reason: 'wrong_type', actual: 5 }],
  ];
  test.each(bad)('%s = %j is claim_invalid with the reason', async (claim, value, fields) => {
    const email = uniqueEmail();
    const res = await consume(await zendeskToken({ email, [claim]: value }));
    expect(res.status).toBe(401);
    expect(res.result).toBe('claim_invalid');
    expect(res.json()).toMatchObject({ error: "Couldn't authenticate you", code: 'claim_invalid', check: claim });
    // The claim's own JSON value comes back (1.5 a number, ['Acme'] an array), never its text.
    expect(failedCheck(res.json())).toEqual(expect.objectContaining({ name: claim, code: 'claim_invalid', claim, ...fields }));
    expect(await user(email)).toBeUndefined();
  });

  test('documented failure shape: tags as a JSON-encoded string is refused, and the verdict says why', async () => {
    const res = await consume(await zendeskToken({ tags: '["vip","beta"]' }));
    expect(res.result).toBe('claim_invalid');
    expect(res.json().check).toBe('tags');
    expect(failedCheck(res.json())).toMatchObject({ name: 'tags', code: 'claim_invalid', claim: 'tags', reason: 'json_string', actual: '["vip","beta"]' });
  });

  test('documented failure shape: user_fields as a string refuses the whole JWT, and the verdict says why', async () => {
    const res = await consume(await zendeskToken({ user_fields: '{"plan":"gold"}' }));
    expect(res.result).toBe('claim_invalid');
    expect(res.json().check).toBe('user_fields');
    expect(failedCheck(res.json())).toMatchObject({
      name: 'user_fields',
      code: 'claim_invalid',
      claim: 'user_fields',
      reason: 'json_string',
      actual: '{"plan":"gold"}',
    });
  });

  test('tags as a comma-separated string works with a warning, kept as an array', async () => {
    const email = uniqueEmail();
    expect((await consume(await zendeskToken({ email, tags: 'vip, beta,,gold' }))).result).toBe('accepted');
    expect(await attributesOf(email)).toEqual({ tags: ['vip', 'beta', 'gold'] });
    expect(await lastCheck('tags')).toMatchObject({ status: 'warn', claim: 'tags', reason: 'comma_separated', actual: 3 });
  });

  test('organization_id takes precedence: organization is not kept beside it', async () => {
    const email = uniqueEmail();
    expect((await consume(await zendeskToken({ email, organization: 'Acme Inc', organization_id: 42 }))).result).toBe('accepted');
    expect(await attributesOf(email)).toEqual({ organization_id: 42 });
  });

  test('every attribute at once is kept, and a null is the same as absent', async () => {
    const email = uniqueEmail();
    const claims = {
      locale: 8,
      locale_id: 1,
      organization: 'Acme',
      phone: '+1 555 0101',
      tags: ['a'],
      remote_photo_url: 'https://cdn.example/p.png',
      role: 'agent',
      custom_role_id: 7,
      user_fields: { plan: 'gold' },
    };
    expect((await consume(await zendeskToken({ email, ...claims, organization_id: null }))).result).toBe('accepted');
    expect(await attributesOf(email)).toEqual(claims);
  });

  test('an empty optional string is stored as absent, with a warning', async () => {
    const email = uniqueEmail();
    expect((await consume(await zendeskToken({ email, phone: '' }))).result).toBe('accepted');
    expect(await attributesOf(email)).toBeNull();
    expect(await lastCheck('phone')).toMatchObject({ status: 'warn' });
  });

  test('a second login replaces the attributes with what it carries', async () => {
    const email = uniqueEmail();
    await consume(await zendeskToken({ email, role: 'agent', tags: ['old'] }));
    await consume(await zendeskToken({ email, tags: ['new'] }));
    expect(await attributesOf(email)).toEqual({ tags: ['new'] });
    expect((await user(email))?.loginCount).toBe(2);
  });
});

describe('Zendesk external_id', () => {
  test('is kept as externalId, and the user is known by it: a new email updates the same user', async () => {
    expect((await consume(await zendeskToken({ email: 'first@example.com', name: 'Ext User', external_id: 'crm-1001' }))).result).toBe('accepted');
    const first = await user('first@example.com');
    expect(first).toMatchObject({ externalId: 'crm-1001', identityKey: 'external_id:crm-1001', loginCount: 1 });

    expect((await consume(await zendeskToken({ email: 'renamed@example.com', external_id: 'crm-1001' }))).result).toBe('accepted');
    const second = await user('renamed@example.com');
    expect(second).toMatchObject({ id: first?.id, externalId: 'crm-1001', loginCount: 2 });
    expect(await user('first@example.com')).toBeUndefined();
  });

  test('without it the user is known by email', async () => {
    await consume(await zendeskToken({ email: 'by-email@example.com' }));
    expect(await user('by-email@example.com')).toMatchObject({ identityKey: 'by-email@example.com', externalId: null });
  });

  test('an empty external_id is stored as absent (warning): the user is known by email', async () => {
    expect((await consume(await zendeskToken({ email: 'empty-ext@example.com', external_id: '' }))).result).toBe('accepted');
    expect(await user('empty-ext@example.com')).toMatchObject({ identityKey: 'empty-ext@example.com', externalId: null });
  });
});

describe('Zendesk claim problems all show at once', () => {
  test('every failing claim is in the verdict; the first decides the code', async () => {
    const res = await request(`${rx.url}/access/jwt?jwt=${await zendeskToken({ name: undefined, role: 'owner', tags: '["x"]' })}`);
    expect(res.result).toBe('claim_missing');
    const failed = (res.json().checks as Array<{ name: string; status: string }>).filter((c) => c.status === 'fail').map((c) => c.name);
    expect(failed).toEqual(['name', 'tags', 'role']);
  });
});
