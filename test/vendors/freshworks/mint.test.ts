import { GOLDEN_RSA_PRIVATE_KEY } from '../../../src/mint/test-keys';
import { T0_MS, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { assertBuilt, cleanup, runCli } from '../../cli/harness';

/** mint and check for Freshworks: --secret is the IdP's private key; state and nonce come from the receiver's /login. */
jest.setTimeout(60_000);
const AT = new Date(T0_MS).toISOString();
let rx: TestReceiver;
beforeAll(async () => {
  assertBuilt();
  // The tenant takes the private key as its secret here: the receiver verifies with its public half.
  rx = await startTestReceiver({
    tenants: [{ id: 'fw', profile: 'freshworks', secret: GOLDEN_RSA_PRIVATE_KEY, remoteLoginUrl: 'https://idp.example.com/authorize' }],
  });
});
afterAll(() => rx.stop());
afterEach(cleanup);

const mint = (...extra: string[]) =>
  runCli(['mint', '--profile', 'freshworks', '--secret', GOLDEN_RSA_PRIVATE_KEY, '--email', 'cli@example.com', '--name', 'Cli User', '--at', AT, ...extra], {
    ms: 30_000,
  });

test('mint --claim nonce= --param state= --url prints the callback URL (state first); opened, it logs in', async () => {
  const login = new URL((await request(`${rx.url}/t/fw/login`)).location as string).searchParams;
  const minted = await mint('--claim', `nonce=${login.get('nonce')}`, '--param', `state=${login.get('state')}`, '--url', `${rx.url}/t/fw`);
  expect(minted.stdout).toMatch(new RegExp(`^http://[^?]+/t/fw/sp/OIDC/1/implicit\\?state=${login.get('state')}&id_token=[\\w.-]+\\n$`));
  expect((await request(minted.stdout.trim())).result).toBe('accepted');
  expect((await request(minted.stdout.trim())).result).toBe('nonce_invalid');
});

test('check verifies with the public half of a PEM secret; the breaks refuse as they say', async () => {
  const token = (await mint()).stdout.trim();
  const check = (t: string) => runCli(['check', '--profile', 'freshworks', '--secret', GOLDEN_RSA_PRIVATE_KEY, '--at', AT, '--json', t], { ms: 30_000 });
  const ok = await check(token);
  expect([ok.code, JSON.parse(ok.stdout).accepted]).toEqual([0, true]);
  for (const [kind, code] of [
    ['bad-signature', 'signature_invalid'],
    ['hs512', 'alg_not_allowed'],
    ['expired', 'token_expired'],
    ['no-email', 'claim_missing'],
  ] as const) {
    const broken = await mint('--break', kind);
    expect(broken.stderr).toContain(`expect ${code}`);
    expect(JSON.parse((await check(broken.stdout.trim())).stdout).code).toBe(code);
  }
});
