import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import querystring from 'node:querystring';
import { CompactSign } from 'jose';
import { CookieJar } from '../helpers/cookie-jar';
import { request, startTestReceiver, type TestReceiver } from '../helpers/receiver';

/**
 * Real clients of the vendors whose credential is not a JWT (fixtures/clients/<vendor>/ for the
 * vendors below): each fixture holds the exact query the sample's own code builds for its inputs
 * (reproduced outside this repository's code), sent through the real receiver at the sample's
 * instant; it must get the vendor's verdict.
 */
interface CredentialClient {
  source: { repo?: string; path?: string; url?: string; language: string; what: string };
  /** A login the vendor's IdP finishes at a fixed instant: the exact query its code builds. */
  at?: string;
  route?: string;
  query?: string;
  /** A login the receiver starts (DiscourseConnect): the fields the sample answers with ($nonce, $return_sso_url from the receiver's sso), and how it encodes them. */
  encoding?: 'node-querystring' | 'ruby-rack';
  fields?: Record<string, string>;
  /** A Freshworks login: the id_token's header and claims ($nonce, $other_nonce, $now filled in), signed RS256, and the order of id_token and state. */
  flow?: 'freshworks';
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  order?: string[];
  secret: string;
  expected: { accepted: boolean; code: string | null; message?: string; location?: string };
  why: string;
}

const VENDORS = ['freshdesk-simple-sso', 'discourse', 'freshworks'] as const;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
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
  rx = await startTestReceiver({
    tenants: fixtures.map((f) => ({
      id: tenantOf(f),
      profile: f.vendor,
      ...(f.flow
        ? { remoteLoginUrl: 'https://idp.example.com/authorize', options: { publicKey: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString() } }
        : { secret: f.secret }),
      ...(f.encoding ? { remoteLoginUrl: 'https://idp.example.com/discourse-connect' } : {}),
    })),
  });
});
afterAll(() => rx.stop());

test('every such vendor has real-client fixtures, each naming its source', () => {
  for (const vendor of VENDORS) expect(fixtures.filter((f) => f.vendor === vendor).length).toBeGreaterThanOrEqual(2);
  for (const f of fixtures) expect(f.source.repo ?? f.source.url).toEqual(expect.any(String));
});

/** The browser the samples' logins start in and come back to (a DiscourseConnect nonce is bound to it). */
const BROWSER = new CookieJar();

/** The sample's answer to the sso the receiver's /session/sso sent, built the way its library builds it. */
async function discourseAnswer(f: CredentialClient, tenant: string): Promise<string> {
  const started = await request(`${rx.url}/t/${tenant}/session/sso`, { headers: BROWSER.headers() });
  BROWSER.absorb(started.headers);
  const start = new URL(started.location as string);
  const sent = new URLSearchParams(Buffer.from(start.searchParams.get('sso') as string, 'base64').toString('utf8'));
  const fill = (v: string) => (v === '$nonce' ? (sent.get('nonce') as string) : v === '$return_sso_url' ? (sent.get('return_sso_url') as string) : v);
  const fields = Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, fill(v)]));
  const hmac = (text: string) => createHmac('sha256', f.secret).update(text).digest('hex');
  if (f.encoding === 'node-querystring') {
    const sso = Buffer.from(querystring.stringify(fields), 'utf8').toString('base64');
    return querystring.stringify({ sso, sig: hmac(sso) });
  }
  // Rack::Utils.build_query (URI.encode_www_form_component), Base64.strict_encode64, CGI.escape.
  const sso = Buffer.from(new URLSearchParams(fields).toString(), 'utf8').toString('base64');
  return `sso=${encodeURIComponent(sso)}&sig=${hmac(sso)}`;
}

/** The sample's callback to the state and nonce the receiver's /login sent: its claims signed RS256 over its own JSON text. */
async function freshworksCallback(f: CredentialClient, tenant: string): Promise<string> {
  const start = async () => new URL((await request(`${rx.url}/t/${tenant}/login`)).location as string).searchParams;
  const [login, other] = [await start(), await start()];
  const fill = (v: unknown) =>
    v === '$nonce' ? login.get('nonce') : v === '$other_nonce' ? other.get('nonce') : v === '$now' ? Math.floor(rx.clock.nowMs() / 1000) : v;
  const claims = Object.fromEntries(Object.entries(f.claims ?? {}).map(([k, v]) => [k, fill(v)]));
  const idToken = await new CompactSign(Buffer.from(JSON.stringify(claims))).setProtectedHeader(f.header as { alg: string }).sign(rsa.privateKey);
  const values: Record<string, string> = { id_token: idToken, state: login.get('state') as string };
  return new URLSearchParams((f.order ?? ['state', 'id_token']).map((k): [string, string] => [k, values[k] as string])).toString();
}

test.each(fixtures.map((f) => [`${f.vendor}/${f.slug}`, f] as const))('%s gets the vendor verdict', async (_name, f) => {
  const tenant = tenantOf(f);
  let url: string;
  if (f.flow) {
    url = `${rx.url}/t/${tenant}/sp/OIDC/1/implicit?${await freshworksCallback(f, tenant)}`;
  } else if (f.encoding) {
    url = `${rx.url}/t/${tenant}/session/sso_login?${await discourseAnswer(f, tenant)}`;
  } else {
    rx.clock.freeze(Date.parse(f.at as string));
    url = `${rx.url}/t/${tenant}${f.route}?${f.query}`;
  }
  const res = await request(url, { json: true, headers: BROWSER.headers() });
  expect(res.result).toBe(f.expected.accepted ? 'accepted' : f.expected.code);
  const [attempt] = await rx.store.searchAttempts({ tenant, limit: 1 });
  expect(attempt).toMatchObject({ accepted: f.expected.accepted, code: f.expected.code });
  if (f.expected.location) expect(res.location).toBe(`/t/${tenant}${f.expected.location}`);
  if (f.expected.message) expect(res.json().message).toBe(f.expected.message);
});
