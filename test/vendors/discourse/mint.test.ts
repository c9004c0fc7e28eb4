import { request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { assertBuilt, cleanup, runCli } from '../../cli/harness';
import { BROWSER, DC_SECRET, startLogin } from './support';

/** mint and check for DiscourseConnect: the nonce comes from the receiver's /session/sso, the rest from the factory. */
jest.setTimeout(60_000);
let rx: TestReceiver;
beforeAll(async () => {
  assertBuilt();
  rx = await startTestReceiver({ tenants: [{ id: 'dc', profile: 'discourse', secret: DC_SECRET, remoteLoginUrl: 'https://idp.example.com/sso' }] });
});
afterAll(() => rx.stop());
afterEach(cleanup);

const mint = (nonce: string, ...extra: string[]) =>
  runCli(['mint', '--profile', 'discourse', '--secret', DC_SECRET, '--email', 'cli@example.com', '--name', 'Cli User', '--claim', `nonce=${nonce}`, ...extra], {
    ms: 30_000,
  });

test('mint --claim nonce=<from /session/sso> --url prints the callback URL; opened, it logs in; opened again, "Nonce has already been used"', async () => {
  const { nonce } = await startLogin(rx, 'dc');
  const minted = await mint(nonce, '--url', `${rx.url}/t/dc`);
  expect(minted.stdout).toMatch(/^http:\/\/[^?]+\/t\/dc\/session\/sso_login\?sso=[\w%]+&sig=[0-9a-f]{64}\n$/);
  expect((await request(minted.stdout.trim(), { headers: BROWSER.headers() })).result).toBe('accepted');
  const again = await request(minted.stdout.trim(), { json: true, headers: BROWSER.headers() });
  expect([again.result, again.json().message]).toEqual(['nonce_invalid', 'Nonce has already been used']);
});

test('check judges the query offline and leaves the nonce unredeemed; --break replay and bad-signature say what they do', async () => {
  const { nonce } = await startLogin(rx, 'dc');
  const bare = (await mint(nonce)).stdout.trim();
  const checked = await runCli(['check', '--profile', 'discourse', '--secret', DC_SECRET, bare], { ms: 30_000 });
  expect(checked.code).toBe(0);
  expect(checked.stdout).toMatch(/nonce_valid\s+skip/);
  expect(checked.stdout).toContain('single-use values are not redeemed offline');
  const replay = await mint(nonce, '--break', 'replay', '--url', `${rx.url}/t/dc`);
  expect(replay.stderr).toContain('nonce_invalid');
  expect((await request(replay.stdout.trim(), { headers: BROWSER.headers() })).result).toBe('accepted');
  const bad = await mint(nonce, '--break', 'bad-signature', '--url', `${rx.url}/t/dc`);
  expect(bad.stderr).toContain('expect signature_invalid at check signature');
  expect((await request(bad.stdout.trim(), { headers: BROWSER.headers() })).result).toBe('signature_invalid');
  expect((await mint(nonce, '--break', 'expired')).code).toBe(2);
});
