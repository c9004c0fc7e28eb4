import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request, startTestReceiver, type TestReceiver } from '../helpers/receiver';

/**
 * Real clients of the vendors whose credential is not a JWT (fixtures/clients/<vendor>/ for the
 * vendors below): each fixture holds the exact query the sample's own code builds for its inputs
 * (reproduced outside this repository's code), sent through the real receiver at the sample's
 * instant; it must get the vendor's verdict.
 */
interface CredentialClient {
  source: { repo?: string; path?: string; url?: string; language: string; what: string };
  at: string;
  route: string;
  secret: string;
  query: string;
  expected: { accepted: boolean; code: string | null; message?: string; location?: string };
  why: string;
}

const VENDORS = ['freshdesk-simple-sso'] as const;
const ROOT = join(__dirname, '..', '..', 'fixtures', 'clients');
const fixtures = VENDORS.flatMap((vendor) =>
  readdirSync(join(ROOT, vendor))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ vendor, slug: file.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(join(ROOT, vendor, file), 'utf8')) as CredentialClient) })),
);
const tenantOf = (f: (typeof fixtures)[number]) => `${f.vendor}-${f.slug}`.slice(0, 63);

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({ tenants: fixtures.map((f) => ({ id: tenantOf(f), profile: f.vendor, secret: f.secret })) });
});
afterAll(() => rx.stop());

test('every such vendor has real-client fixtures, each naming its source', () => {
  for (const vendor of VENDORS) expect(fixtures.filter((f) => f.vendor === vendor).length).toBeGreaterThanOrEqual(2);
  for (const f of fixtures) expect(f.source.repo ?? f.source.url).toEqual(expect.any(String));
});

test.each(fixtures.map((f) => [`${f.vendor}/${f.slug}`, f] as const))('%s gets the vendor verdict', async (_name, f) => {
  rx.clock.freeze(Date.parse(f.at));
  const tenant = tenantOf(f);
  const res = await request(`${rx.url}/t/${tenant}${f.route}?${f.query}`, { json: true });
  expect(res.result).toBe(f.expected.accepted ? 'accepted' : f.expected.code);
  const [attempt] = rx.store.searchAttempts({ tenant, limit: 1 });
  expect(attempt).toMatchObject({ accepted: f.expected.accepted, code: f.expected.code });
  if (f.expected.location) expect(res.location).toBe(`/t/${tenant}${f.expected.location}`);
  if (f.expected.message) expect(res.json().message).toBe(f.expected.message);
});
