/**
 * The eight vendors added in issue 11 through the HTTP-only driver, one receiver serving a tenant per
 * sample IdP: each correct IdP (built as the vendor's docs and samples say) passes its plan, every
 * module it cannot judge SKIPPED with its reason; each broken one fails exactly the module meant to
 * catch its flaw; DiscourseConnect's Python IdP passes too.
 */
import { jsonReport } from '../../src/conform/reports/json';
import type { ConformResult, ModuleStatus } from '../../src/conform/types';
import { startBench, tenantOf, type Bench, type BenchEntry } from './bench';
import { failedIds, MODULE_IDS, statuses } from './support';

jest.setTimeout(180_000);

const P = 'PASSED';
const S = 'SKIPPED';
/** Per vendor, the modules its correct IdP does not pass but SKIPS, for a reason its contract gives. */
const SKIPPED_BY_VENDOR: Record<string, string[]> = {
  freshworks: ['secret-strength', 'fresh-replay-key', 'return-url', 'refusal-handling'],
  'freshdesk-simple-sso': ['secret-strength', 'refusal-handling', 'forged-request'],
  'freshdesk-sso-v2': ['secret-strength', 'refusal-handling', 'forged-request'],
  kayako: ['refusal-handling', 'forged-request'],
  discourse: ['secret-strength', 'fresh-replay-key', 'iat-freshness', 'return-url', 'refusal-handling'],
  canny: ['secret-strength', 'fresh-replay-key', 'refusal-handling', 'forged-request'],
  'helpscout-docs': ['secret-strength', 'fresh-replay-key', 'refusal-handling', 'forged-request'],
  'zendesk-messaging': MODULE_IDS,
};
const VENDORS = Object.keys(SKIPPED_BY_VENDOR);

/** Each flaw and the one module meant to catch it. */
const FLAWS: ReadonlyArray<[string, string, string]> = [
  ['freshworks', 'no-nonce', 'happy-path'],
  ['freshworks', 'hs256', 'happy-path'],
  ['freshworks', 'stale-iat', 'iat-freshness'],
  ['freshworks', 'any-redirect-uri', 'forged-request'],
  ['discourse', 'wrong-sig-key', 'happy-path'],
  ['discourse', 'no-external-id', 'happy-path'],
  ['discourse', 'reuse-token', 're-login'],
  ['discourse', 'answer-forged-sig', 'forged-request'],
  ['kayako', 'reuse-jti', 'fresh-replay-key'],
  ['kayako', 'stale-iat', 'iat-freshness'],
  ['canny', 'no-id', 'happy-path'],
  ['canny', 'drop-return', 'return-url'],
  ['canny', 'sample-concat', 'transport'],
  ['helpscout-docs', 'far-exp', 'iat-freshness'],
  ['helpscout-docs', 'hs256', 'happy-path'],
  ['helpscout-docs', 'drop-return', 'return-url'],
  ['freshdesk-simple-sso', 'hash-order', 'happy-path'],
  ['freshdesk-simple-sso', 'stale-timestamp', 'iat-freshness'],
  ['freshdesk-sso-v2', 'hs256', 'happy-path'],
  ['freshdesk-sso-v2', 'long-lifetime', 'iat-freshness'],
  ['freshdesk-sso-v2', 'reuse-jti', 'fresh-replay-key'],
];

const MESSAGING_KID = 'app-key-1';
const issued: string[] = [];
const entries: BenchEntry[] = [
  ...VENDORS.map((vendor) => ({
    vendor,
    idp: { issued },
    ...(vendor === 'zendesk-messaging' ? { options: { messagingKeyIds: [MESSAGING_KID] }, idp: { kid: MESSAGING_KID } } : {}),
  })),
  ...FLAWS.map(([vendor, flaw]) => ({ vendor, flaw })),
  { vendor: 'discourse', language: 'python' },
  { vendor: 'discourse', language: 'python', flaw: 'wrong-sig-key' },
] as BenchEntry[];

let bench: Bench;
const results = new Map<string, ConformResult>();
/** The correct IdP's run of a vendor, made once (by its own test, or by the first test that reads it). */
async function correct(vendor: string): Promise<ConformResult> {
  if (!results.has(vendor)) results.set(vendor, await bench.run(vendor));
  return results.get(vendor) as ConformResult;
}
beforeAll(async () => {
  bench = await startBench(entries);
});
afterAll(() => bench?.close());

describe('the correct Node IdP of each added vendor passes its plan: every module PASSED, or SKIPPED with its reason', () => {
  test.each(VENDORS)('%s', async (vendor) => {
    const result = await correct(vendor);
    const skipped = SKIPPED_BY_VENDOR[vendor] as string[];
    expect(statuses(result)).toEqual(Object.fromEntries(MODULE_IDS.map((id): [string, ModuleStatus] => [id, skipped.includes(id) ? S : P])));
    for (const module of result.modules.filter((m) => m.status === S)) expect(module.summary.length).toBeGreaterThan(20);
    expect(result.outcome).toBe('PASSED');
  });
});

describe('each broken IdP fails exactly the module meant to catch its flaw', () => {
  test.each(FLAWS)('%s %s -> %s', async (vendor, flaw, module) => {
    const result = await bench.run(`${vendor}--${flaw}`);
    expect(failedIds(result)).toEqual([module]);
    expect(result.outcome).toBe('FAILED');
  });
});

test('why a module is SKIPPED comes from the contract: state/nonce logins, no time field, no browser login', async () => {
  for (const vendor of ['freshworks', 'discourse', 'canny', 'zendesk-messaging', 'helpscout-docs']) await correct(vendor);
  const summary = (vendor: string, id: string) => results.get(vendor)?.modules.find((m) => m.id === id)?.summary;
  expect(summary('freshworks', 'fresh-replay-key')).toMatch(/single use by the value the receiver issued \(state\/nonce\)/);
  expect(summary('discourse', 'iat-freshness')).toMatch(/^DiscourseConnect judges no time in the token: .*nonce/);
  expect(summary('canny', 'fresh-replay-key')).toBe('Canny has no replay key and the IdP sends no jti');
  expect(summary('zendesk-messaging', 'happy-path')).toMatch(/^Zendesk messaging has no browser login/);
  // Help Scout's token has no name: the special user is judged on the email alone.
  const special = results.get('helpscout-docs')?.modules.find((m) => m.id === 'special-user');
  expect(special?.evidence.map((e) => e.level)).toEqual(['SUCCESS', 'INFO']);
});

test('the evidence names the numbers: a Help Scout exp 30 days out against its 60 s, a v2 exp - iat of 3600 s against 900 s', async () => {
  const far = await bench.run('helpscout-docs--far-exp', { modules: ['iat-freshness'] });
  const farData = far.modules[0]?.evidence.find((e) => e.level === 'FAILURE')?.data;
  expect(farData).toMatchObject({ check: 'token_lifetime', claim: 'exp', limit: 60, unit: 's' });
  expect(farData?.actual as number).toBeGreaterThan(30 * 86400 - 10);
  const long = await bench.run('freshdesk-sso-v2--long-lifetime', { modules: ['iat-freshness'] });
  expect(long.modules[0]?.evidence.find((e) => e.level === 'FAILURE')?.data).toMatchObject({ check: 'lifetime', actual: 3600, limit: 900, unit: 's' });
});

test('forged-request: the correct IdPs refuse an altered sig or redirect_uri, the careless ones send the user back', async () => {
  for (const vendor of ['discourse', 'freshworks']) {
    const module = (await correct(vendor)).modules.find((m) => m.id === 'forged-request');
    expect(module?.evidence[0]?.message).toMatch(/altered the login stopped at the IdP \(the flow stopped at http:\/\/127\.0\.0\.1:\d+\/login \((403|400)\)/);
  }
  const careless = await bench.run('discourse--answer-forged-sig', { modules: ['forged-request'] });
  expect(careless.modules[0]?.evidence[0]).toMatchObject({ level: 'FAILURE', data: { accepted: true } });
  expect(careless.modules[0]?.evidence[0]?.message).toMatch(
    /^with sig altered the IdP still sent the user back \(\/t\/discourse--answer-forged-sig\/session\/sso_login\)/,
  );
});

test("Kayako's plan holds the secret to Kayako's 32 characters: a shorter one given to the run fails secret-strength alone", async () => {
  const result = await bench.run('kayako', { secrets: ['only-twenty-chars-xx'] });
  expect(failedIds(result)).toEqual(['secret-strength']);
  expect(result.modules[0]?.evidence[0]?.message).toBe('secret 1 (20 characters): Kayako refuses a shared secret under 32 characters');
});

test('a credential that is not a JWT is hidden like one: DiscourseConnect sso and sig, simple SSO hash, in the captures and the report', async () => {
  for (const vendor of VENDORS) await correct(vendor);
  const discourse = results.get('discourse') as ConformResult;
  const consume = discourse.captures.find((c) => c.label === 'happy-path')?.consume;
  expect(consume).toMatchObject({
    params: [
      ['sso', '<token>'],
      ['sig', '<token>'],
    ],
    rawQuery: 'sso=<token>&sig=<token>',
    tokenParams: ['sso'],
  });
  const simple = results.get('freshdesk-simple-sso')?.captures.find((c) => c.label === 'happy-path')?.consume;
  expect(simple?.params.map(([name, value]) => (name === 'hash' ? value : name))).toEqual(['name', 'email', 'timestamp', '<token>']);
  expect(issued.length).toBeGreaterThan(40);
  const reports = VENDORS.map((vendor) => jsonReport(results.get(vendor) as ConformResult)).join('\n');
  for (const token of issued) expect(reports).not.toContain(token);
});

test("the Zendesk messaging sample's JWT endpoint answers a token the exchange accepts (what the plan cannot drive)", async () => {
  const tenant = (await (await fetch(`${bench.receiver.url}/_receiver/tenants/zendesk-messaging`)).json()) as { remoteLoginUrl: string };
  const token = await (await fetch(tenant.remoteLoginUrl)).text();
  const exchange = await fetch(`${bench.receiver.url}/t/zendesk-messaging/messaging/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jwt: token }),
  });
  expect(exchange.status).toBe(200);
  expect(await bench.receiver.lastAttempt({ tenant: 'zendesk-messaging' })).toMatchObject({ accepted: true, header: { kid: MESSAGING_KID } });
});

describe("DiscourseConnect's Python IdP (hmac and base64 of the standard library)", () => {
  test('passes the plan as the Node one does', async () => {
    const result = await bench.run(tenantOf({ vendor: 'discourse', language: 'python' }));
    expect(statuses(result)).toEqual(statuses(await correct('discourse')));
  });

  test('signed with the wrong key, fails happy-path alone', async () => {
    const result = await bench.run(tenantOf({ vendor: 'discourse', language: 'python', flaw: 'wrong-sig-key' }));
    expect(failedIds(result)).toEqual(['happy-path']);
  });
});
