import { T0_MS, startTestReceiver, type Answer, type TestReceiver } from '../helpers/receiver';
import type { Check } from '../../src/verify/verdict';
import { VENDOR_PROFILES, deliver, loadFixtures, tokenOf, type ClientFixture, type Verdict } from './fixture';

/**
 * Every real client in fixtures/clients/: its token, built from the header and claims the sample
 * writes and signed over the exact JSON text, is sent through the real receiver the way the sample
 * sends it, at the sample's instant, and must get the verdict the vendor gives it. A fixture with
 * a `strict` verdict is sent again to a tenant with `strict: true`.
 */
const fixtures = loadFixtures();
const tenantId = (f: ClientFixture, strict: boolean) => `${f.vendor === 'zoho-asap' ? 'zoho' : f.vendor}-${f.slug}${strict ? '-strict' : ''}`.slice(0, 63);

let rx: TestReceiver;
beforeAll(async () => {
  const tenants = fixtures.flatMap((f) =>
    [false, ...(f.strict ? [true] : [])].map((strict) => ({
      id: tenantId(f, strict),
      profile: VENDOR_PROFILES[f.vendor],
      secret: f.secret,
      options: { ...f.options, ...(strict ? { strict: true } : {}) },
    })),
  );
  rx = await startTestReceiver({ tenants });
});
afterAll(() => rx.stop());

interface Sent {
  res: Answer;
  attempt: { accepted: boolean; code: string | null; checks: Check[] } | undefined;
  tenant: string;
}

async function verdictOf(fixture: ClientFixture, strict: boolean): Promise<Sent> {
  const atMs = Date.parse(fixture.at);
  rx.clock.freeze(atMs);
  const tenant = tenantId(fixture, strict);
  const res = await deliver(`${rx.url}/t/${tenant}`, fixture, tokenOf(fixture, atMs), atMs);
  const [attempt] = await rx.store.searchAttempts({ tenant, limit: 1 });
  return { res, attempt: attempt as Sent['attempt'], tenant };
}

function expectVerdict(got: Sent, expected: Verdict) {
  const { res, attempt, tenant } = got;
  expect(res.result).toBe(expected.accepted ? 'accepted' : expected.code);
  expect(attempt).toMatchObject({ accepted: expected.accepted, code: expected.code });
  if (expected.warnings)
    expect(
      attempt!.checks
        .filter((c) => c.status === 'warn')
        .map((c) => c.name)
        .sort(),
    ).toEqual([...expected.warnings].sort());
  if (expected.message) expect(res.body).toContain(expected.message.replace(/'/g, '&#39;'));
  if (expected.location) expect(res.location).toBe(`/t/${tenant}${expected.location}`);
}

test('every vendor has real-client fixtures, each naming its source', () => {
  expect(new Set(fixtures.map((f) => f.vendor))).toEqual(new Set(Object.keys(VENDOR_PROFILES)));
  for (const f of fixtures) {
    expect(f.source.url ?? `${f.source.repo}:${f.source.path}@${f.source.commit}`).toMatch(/\S/);
    expect(f.why.length).toBeGreaterThan(20);
    expect(Date.parse(f.at) - T0_MS).toBeLessThan(3600_000);
  }
});

describe.each(fixtures.map((f) => [`${f.vendor}/${f.slug}`, f] as const))('%s', (_name, fixture) => {
  test(`gets the vendor's verdict: ${fixture.expected.accepted ? 'accepted' : fixture.expected.code}`, async () => {
    expectVerdict(await verdictOf(fixture, false), fixture.expected);
  });
  if (fixture.strict) {
    const strict = fixture.strict;
    test(`with strict: true, ${strict.accepted ? 'accepted' : strict.code}`, async () => {
      expectVerdict(await verdictOf(fixture, true), strict);
    });
  }
});
