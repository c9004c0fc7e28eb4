import { createHmac } from 'node:crypto';
import { checkNamed, failedCheck } from '../../helpers/checks';
import { T0, T0_MS, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { assertBuilt, cleanup, runCli } from '../../cli/harness';

/**
 * Freshdesk's legacy simple SSO through the real receiver: GET /login/sso?name=&email=&timestamp=&hash=,
 * the hash computed here as Freshdesk's new_sso_hash does (independently of the vendor folder).
 */
const SECRET = 'fd-simple-secret-0123456789';
const SESSION_EXPIRED = 'Session expired, please login again';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'fd', profile: 'freshdesk-simple-sso', secret: SECRET },
      { id: 'legacy', profile: 'freshdesk-simple-sso', secret: SECRET, options: { simpleSsoLegacyWindow: true } },
      {
        id: 'urls',
        profile: 'freshdesk-simple-sso',
        secret: SECRET,
        remoteLoginUrl: 'https://idp.example.com/sso/freshdesk?app=1',
        remoteLogoutUrl: 'https://idp.example.com/logout',
      },
    ],
  });
});
afterAll(() => rx.stop());
afterEach(cleanup);

let n = 0;
interface Fields {
  name?: string;
  email?: string;
  timestamp?: string | number;
  hash?: string;
  [extra: string]: string | number | undefined;
}
/** The query an IdP builds: HMAC-MD5 keyed by the secret over name + secret + email + timestamp, hex. */
function query(fields: Fields = {}, secret = SECRET): string {
  const f: Fields = { name: 'Jane Doe', email: `jane${++n}@example.com`, timestamp: T0, ...fields };
  const hash =
    f.hash ??
    createHmac('md5', secret)
      .update(`${f.name ?? ''}${secret}${f.email ?? ''}${f.timestamp ?? ''}`)
      .digest('hex');
  const entries = Object.entries({ ...f, hash }).filter((e): e is [string, string | number] => e[1] !== undefined);
  return new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString();
}
const sso = (q: string, tenant = 'fd') => request(`${rx.url}/t/${tenant}/login/sso?${q}`, { json: true });

describe('GET /login/sso', () => {
  test('a valid request logs the user in with the name and lands on /home; redirect_to picks the page', async () => {
    const res = await sso(query({ email: 'Jane.Doe@Example.com', phone: '+15555550100', company: 'Acme' }));
    expect([res.status, res.result, res.location]).toEqual([302, 'accepted', '/t/fd/home']);
    expect((await rx.store.searchUsers({ tenant: 'fd' })).find((u) => u.email === 'jane.doe@example.com')).toMatchObject({ name: 'Jane Doe' });
    expect((await sso(`${query()}&redirect_to=/tickets`)).location).toBe('/t/fd/tickets');
  });

  test('the hash: another secret, upper-case hex, or a plain MD5 are refused (signature_invalid, 401)', async () => {
    const other = await sso(query({}, 'another-secret'));
    expect([other.status, other.result]).toEqual([401, 'signature_invalid']);
    const right = new URLSearchParams(query());
    right.set('hash', (right.get('hash') as string).toUpperCase());
    const upper = await sso(right.toString());
    expect(failedCheck(upper.json())).toMatchObject({ name: 'signature', code: 'signature_invalid', message: expect.stringContaining('upper case') });
    const plain = new URLSearchParams(query({ name: 'P', email: 'p@example.com' }));
    plain.set('hash', createHmac('md5', '').update('').digest('hex').replace(/./g, 'a'));
    expect((await sso(plain.toString())).result).toBe('signature_invalid');
  });

  test('a hash that is not 32 hex characters is token_malformed; no hash at all is token_missing', async () => {
    expect(failedCheck((await sso(query({ hash: 'abc123' }))).json())).toMatchObject({ name: 'format', code: 'token_malformed', actual: 6, limit: 32 });
    const none = new URLSearchParams(query());
    none.delete('hash');
    expect((await sso(none.toString())).result).toBe('token_missing');
  });

  test('name and email are required (an empty one counts as absent); the email must be an address', async () => {
    expect(failedCheck((await sso(query({ name: '' }))).json())).toMatchObject({ name: 'name', code: 'claim_missing' });
    expect(failedCheck((await sso(query({ email: undefined }))).json())).toMatchObject({ name: 'email', code: 'claim_missing' });
    expect(failedCheck((await sso(query({ email: 'not-an-address' }))).json())).toMatchObject({ name: 'email', code: 'claim_invalid' });
  });

  test('timestamp: ±30 s by default, with Freshdesk\'s "Session expired" text past it', async () => {
    expect((await sso(query({ timestamp: T0 - 30 }))).result).toBe('accepted');
    const old = await sso(query({ timestamp: T0 - 31 }));
    expect([old.status, old.json().error, old.json().message]).toEqual([401, 'token_expired', SESSION_EXPIRED]);
    expect(failedCheck(old.json())).toMatchObject({ name: 'timestamp_window', claim: 'timestamp', reason: 'too_old', actual: 31, limit: 30, unit: 's' });
    expect((await sso(query({ timestamp: T0 + 30 }))).result).toBe('accepted');
    expect(checkNamed((await rx.store.searchAttempts({ tenant: 'fd', limit: 1 }))[0]?.checks as unknown[], 'timestamp_window')).toMatchObject({
      status: 'warn',
      actual: 30,
    });
    expect(failedCheck((await sso(query({ timestamp: T0 + 31 }))).json())).toMatchObject({ code: 'token_not_yet_valid', actual: 31, limit: 30 });
    expect(failedCheck((await sso(query({ timestamp: `${T0}.5` }))).json())).toMatchObject({
      name: 'timestamp_window',
      code: 'claim_invalid',
      reason: 'fractional',
    });
    expect(failedCheck((await sso(query({ timestamp: undefined }))).json())).toMatchObject({ name: 'timestamp', code: 'claim_missing' });
  });

  test('simpleSsoLegacyWindow: 1800 s back and 60 s ahead, as before the limitation', async () => {
    expect((await sso(query({ timestamp: T0 - 1800 }), 'legacy')).result).toBe('accepted');
    expect(failedCheck((await sso(query({ timestamp: T0 - 1801 }), 'legacy')).json())).toMatchObject({ code: 'token_expired', limit: 1800 });
    expect((await sso(query({ timestamp: T0 + 60 }), 'legacy')).result).toBe('accepted');
    expect(failedCheck((await sso(query({ timestamp: T0 + 61 }), 'legacy')).json())).toMatchObject({ code: 'token_not_yet_valid', limit: 60 });
  });

  test('a used hash is refused inside the window, with the same text', async () => {
    const q = query();
    expect((await sso(q)).result).toBe('accepted');
    const again = await sso(q);
    expect([again.json().error, again.json().message]).toEqual(['token_replayed', SESSION_EXPIRED]);
  });

  test('the path with a trailing slash (/login/sso/, as the SilverStripe module sends) is the same route', async () => {
    expect((await request(`${rx.url}/t/fd/login/sso/?${query()}`)).result).toBe('accepted');
  });
});

describe('login and logout URLs carry host_url', () => {
  test('/login redirects to the remote login URL with host_url added (& after an existing query)', async () => {
    const res = await request(`${rx.url}/t/urls/login`);
    const host = new URL(rx.url).host;
    expect(res.location).toBe(`https://idp.example.com/sso/freshdesk?app=1&host_url=${encodeURIComponent(host)}`);
  });

  test('sign-out ends the session and redirects to the remote logout URL with host_url', async () => {
    const login = await request(`${rx.url}/t/urls/login/sso?${query()}`);
    const cookie = (login.headers.get('set-cookie') as string).split(';')[0] as string;
    const out = await request(`${rx.url}/t/urls/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.location).toBe(`https://idp.example.com/logout?host_url=${encodeURIComponent(new URL(rx.url).host)}`);
    expect((await request(`${rx.url}/t/urls/home`, { headers: { cookie } })).body).not.toContain('@example.com');
  });
});

describe('mint and check for a credential that is not a JWT', () => {
  beforeAll(assertBuilt);
  const at = new Date(T0_MS).toISOString();
  const mint = (...extra: string[]) =>
    runCli(['mint', '--profile', 'freshdesk-simple-sso', '--secret', SECRET, '--email', 'cli@example.com', '--name', 'Cli User', '--at', at, ...extra], {
      ms: 30_000,
    });

  test('mint --url prints the GET that logs the user in; check takes its query (exit 0), a break is refused', async () => {
    const minted = await mint('--url', `${rx.url}/t/fd`);
    expect(minted.stdout).toMatch(/^http:\/\/[^?]+\/t\/fd\/login\/sso\?name=Cli\+User&email=cli%40example\.com&timestamp=\d+&hash=[0-9a-f]{32}\n$/);
    const bare = (await mint()).stdout.trim();
    const checked = await runCli(['check', '--profile', 'freshdesk-simple-sso', '--secret', SECRET, '--at', at, bare], { ms: 30_000 });
    expect(checked.code).toBe(0);
    expect((await request(minted.stdout.trim())).result).toBe('accepted');
    const broken = await mint('--break', 'bad-signature', '--url', `${rx.url}/t/fd`);
    expect(broken.stderr).toContain('expect signature_invalid at check signature');
    expect((await request(broken.stdout.trim())).result).toBe('signature_invalid');
    const expired = await mint('--break', 'expired', '--url', `${rx.url}/t/fd`);
    expect(expired.stderr).toContain('expect token_expired at check timestamp_window');
    expect((await request(expired.stdout.trim())).result).toBe('token_expired');
    expect((await mint('--break', 'alg-none')).code).toBe(2);
  });
});
