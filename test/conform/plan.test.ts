/**
 * A plan for every vendor registered, made from its contract: the built-in five and a vendor of
 * one's own (test/vendors/throwaway/acme-desk.js), which a sample IdP then passes end to end.
 */
import { planFor } from '../../src/conform/plan';
import { PROFILE_IDS, registerVendor, VENDORS, type ProfileId, type Vendor } from '../../src/vendors';
import { failedIds, MODULE_IDS, runSample, statuses } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { vendor: acme } = require('../vendors/throwaway/acme-desk.js') as { vendor: Vendor };
const ACME = 'acme-desk' as ProfileId;
beforeAll(() => {
  if (!(ACME in VENDORS)) registerVendor(acme);
});

test('every registered vendor, the throw-away one included, gets the twelve modules, each naming its rule and source', () => {
  expect(PROFILE_IDS).toContain(ACME);
  for (const id of PROFILE_IDS) {
    const plan = planFor(id);
    expect(plan.map((m) => m.id)).toEqual(MODULE_IDS);
    for (const module of plan) {
      expect(module.rule.length).toBeGreaterThan(10);
      expect(module.source.length).toBeGreaterThan(5);
    }
  }
});

test("the rules come from the contract: the throw-away vendor's route, parameter and window", () => {
  const plan = Object.fromEntries(planFor(ACME).map((m) => [m.id, m]));
  expect(plan.transport?.rule).toBe('GET /sso/jwt with jwt; URL at most 8192 characters');
  expect(plan['return-url']?.rule).toBe('the IdP passes next back beside the token, unchanged');
  expect(plan['iat-freshness']?.rule).toBe('iat at most 60 s old');
  expect(plan['fresh-replay-key']?.rule).toBe('Acme Desk refuses a jti it has seen (replay protection)');
});

test("the vendor hooks of a vendor's folder: Zendesk requires POST; HappyFox states its key; Zoho has no browser login", async () => {
  expect(planFor('zendesk').find((m) => m.id === 'transport')?.rule).toMatch(/^POST \/access\/jwt with jwt/);
  expect(planFor('happyfox').find((m) => m.id === 'secret-strength')?.rule).toMatch(/32 character alphanumeric/);
  const zoho = planFor('zoho-asap');
  const outcome = await zoho.find((m) => m.id === 'happy-path')?.run(undefined as never);
  expect(outcome).toMatchObject({ status: 'SKIPPED', summary: expect.stringMatching(/no browser login/) });
});

test('a sample IdP configured for the throw-away vendor passes its plan', async () => {
  const result = await runSample({ vendor: ACME, idp: { tokenParam: 'jwt', returnParam: 'next' } });
  expect(failedIds(result)).toEqual([]);
  expect(statuses(result)).toMatchObject({
    'happy-path': 'PASSED',
    'return-url': 'PASSED',
    transport: 'PASSED',
    'fresh-replay-key': 'PASSED',
    logout: 'PASSED',
  });
  const broken = await runSample({ vendor: ACME, flaw: 'drop-return', idp: { tokenParam: 'jwt', returnParam: 'next' } });
  expect(failedIds(broken)).toEqual(['return-url']);
});
