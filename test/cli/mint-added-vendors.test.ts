/**
 * `mint --profile <id> --url` and `--break` through the built CLI for the five vendors issue 11
 * adds: the printed request, pasted, logs the user in; each break that applies is refused with its
 * code by `check` and by a running receiver (the codes stated here, independently of the breaks).
 */
import { T0_MS, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { assertBuilt, cleanup, runCli } from './harness';
import { mapConcurrent, paste, tokenIn } from './paste';

jest.setTimeout(120_000);

const SECRET = 'mint-added-vendors-secret-0123456789';
const AT = new Date(T0_MS).toISOString();

const APPLIES = {
  kayako: {
    'bad-signature': 'signature_invalid',
    'alg-none': 'alg_not_allowed',
    expired: 'token_expired',
    future: 'token_not_yet_valid',
    'no-jti': 'claim_missing',
    'no-iat': 'claim_missing',
    'no-email': 'claim_missing',
    'ms-iat': 'claim_invalid',
    'string-iat': 'claim_invalid',
  },
  canny: {
    'bad-signature': 'signature_invalid',
    'alg-none': 'alg_not_allowed',
    hs512: 'alg_not_allowed',
    expired: 'token_expired',
    future: 'token_not_yet_valid',
    'no-email': 'claim_missing',
  },
  'helpscout-docs': {
    'bad-signature': 'signature_invalid',
    'alg-none': 'alg_not_allowed',
    hs256: 'alg_not_allowed',
    expired: 'token_expired',
    future: 'token_not_yet_valid',
  },
  'freshdesk-sso-v2': {
    'bad-signature': 'signature_invalid',
    hs256: 'alg_not_allowed',
    expired: 'token_expired',
    future: 'token_not_yet_valid',
    'no-jti': 'claim_missing',
    'no-iat': 'claim_missing',
    'flat-user': 'claim_missing',
    'long-lifetime': 'claim_invalid',
  },
  'zendesk-messaging': {
    'bad-signature': 'signature_invalid',
    'alg-none': 'alg_not_allowed',
    hs512: 'alg_not_allowed',
    expired: 'token_expired',
    future: 'token_not_yet_valid',
  },
} as const;
type Profile = keyof typeof APPLIES;
const PROFILES = Object.keys(APPLIES) as Profile[];

let rx: TestReceiver;
beforeAll(async () => {
  assertBuilt();
  rx = await startTestReceiver({ tenants: PROFILES.map((p) => ({ id: p, profile: p, secret: SECRET })) });
});
afterAll(() => rx.stop());
afterEach(cleanup);

const mint = (profile: Profile, user: string, ...extra: string[]) =>
  runCli(
    [
      'mint',
      '--profile',
      profile,
      '--secret',
      SECRET,
      '--email',
      `${user}@example.com`,
      '--name',
      'Jane Doe',
      '--at',
      AT,
      '--url',
      `${rx.url}/t/${profile}`,
      ...extra,
    ],
    {
      ms: 30_000,
    },
  );

describe.each(PROFILES)('%s', (profile) => {
  test('mint --url prints the request that logs the user in', async () => {
    const minted = await mint(profile, `${profile}-paste`);
    expect(minted.code).toBe(0);
    expect((await paste(minted.stdout)).result).toBe('accepted');
  });

  test('each break is refused with its code by `check` and by the receiver', async () => {
    await mapConcurrent(Object.entries(APPLIES[profile]), 3, async ([kind, code]) => {
      const minted = await mint(profile, `${profile}-${kind}`, '--break', kind);
      expect({ kind, exit: minted.code }).toEqual({ kind, exit: 0 });
      const checked = await runCli(['check', '--profile', profile, '--secret', SECRET, '--at', AT, '--json', tokenIn(minted.stdout)], { ms: 30_000 });
      expect({ kind, exit: checked.code, code: JSON.parse(checked.stdout).code }).toEqual({ kind, exit: 1, code });
      expect({ kind, result: (await paste(minted.stdout)).result }).toEqual({ kind, result: code });
    });
  });
});
