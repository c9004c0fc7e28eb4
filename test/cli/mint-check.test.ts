import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { decodeJwt } from 'jose';
import { T0, T0_MS, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { assertBuilt, cleanup, runCli, STACK_FRAME } from './harness';
import { mapConcurrent, paste, runCliWithInput, submitForm, tokenIn } from './paste';

jest.setTimeout(120_000);

const SECRET = 'mint-check-secret-0123456789abcdef';
const AT = new Date(T0_MS).toISOString();
const PROFILES = ['happyfox', 'mojo', 'deskpro', 'zendesk', 'zoho-asap'] as const;
type Profile = (typeof PROFILES)[number];

/** The refusal each break exists to produce, stated here independently of src/mint/breaks.ts. */
const CODE = {
  expired: 'token_expired',
  future: 'token_not_yet_valid',
  'bad-signature': 'signature_invalid',
  'alg-none': 'alg_not_allowed',
  hs512: 'alg_not_allowed',
  'no-jti': 'claim_missing',
  'no-iat': 'claim_missing',
  'no-email': 'claim_missing',
  'ms-iat': 'claim_invalid',
  'string-iat': 'claim_invalid',
  'seconds-window': 'claim_invalid',
  'long-window': 'claim_invalid',
  'not-verified': 'email_not_verified',
  replay: 'token_replayed',
} as const;
type Kind = keyof typeof CODE;
const ALL = Object.keys(CODE) as Kind[];
const TIME_AND_KEY: Kind[] = ['expired', 'future', 'bad-signature', 'alg-none', 'hs512'];
const APPLIES: Record<Profile, Kind[]> = {
  happyfox: [...TIME_AND_KEY, 'no-jti', 'no-iat', 'no-email', 'ms-iat', 'string-iat', 'replay'],
  mojo: [...TIME_AND_KEY, 'no-iat', 'no-email', 'ms-iat', 'string-iat', 'replay'],
  deskpro: [...TIME_AND_KEY, 'no-email', 'ms-iat'],
  zendesk: [...TIME_AND_KEY, 'no-jti', 'no-iat', 'no-email', 'ms-iat', 'replay'],
  'zoho-asap': [...TIME_AND_KEY, 'no-email', 'seconds-window', 'long-window', 'not-verified', 'replay'],
};

let rx: TestReceiver;
beforeAll(async () => {
  assertBuilt();
  rx = await startTestReceiver({ tenants: PROFILES.map((p) => ({ id: p, profile: p, secret: SECRET })) });
});
afterAll(() => rx.stop());
afterEach(cleanup);

const tenantUrl = (profile: Profile) => `${rx.url}/t/${profile}`;
/** mint at T0 for a user of its own (Mojo and Zoho recognise a replay by the token's content). */
const mint = (profile: Profile, user: string, ...extra: string[]) =>
  runCli(['mint', '--profile', profile, '--secret', SECRET, '--email', `${user}@example.com`, '--name', 'Jane Doe', '--at', AT, ...extra], { ms: 30_000 });
const check = (profile: Profile, token: string, ...extra: string[]) =>
  runCli(['check', '--profile', profile, '--secret', SECRET, '--at', AT, ...extra, token], { ms: 30_000 });

test('mint --help lists every break, and which apply to each profile', async () => {
  const help = await runCli(['mint', '--help']);
  expect(help.code).toBe(0);
  for (const kind of ALL) expect(help.stdout).toMatch(new RegExp(`^ {2}${kind} +\\S`, 'm'));
  for (const profile of PROFILES) expect(help.stdout).toContain(`  ${profile}: ${APPLIES[profile].join(', ')}\n`);
});

describe.each(PROFILES)('mint --break, %s', (profile) => {
  test('each break is refused with its code by `check` and by a running receiver', async () => {
    await mapConcurrent(
      APPLIES[profile].filter((k) => k !== 'replay'),
      4,
      async (kind) => {
        const minted = await mint(profile, `${profile}-${kind}`, '--break', kind, '--url', tenantUrl(profile));
        expect(minted.code).toBe(0);
        expect(minted.stderr).toContain(`--break ${kind}: `);
        expect(minted.stderr).toContain(`expect ${CODE[kind]} at check `);
        const checked = await check(profile, tokenIn(minted.stdout), '--json');
        expect({ kind, exit: checked.code, code: JSON.parse(checked.stdout).code }).toEqual({ kind, exit: 1, code: CODE[kind] });
        const answer = await paste(minted.stdout);
        expect({ kind, result: answer.result }).toEqual({ kind, result: CODE[kind] });
      },
    );
  });

  if (profile === 'deskpro') {
    test('no --break replay: Deskpro takes the same token twice (its code keeps no jti)', async () => {
      const minted = await mint(profile, `${profile}-twice`, '--url', tenantUrl(profile));
      expect((await paste(minted.stdout)).result).toBe('accepted');
      expect((await paste(minted.stdout)).result).toBe('accepted');
    });
  } else {
    test('--break replay: `check` accepts it, a receiver takes it once and refuses it the second time', async () => {
      const minted = await mint(profile, `${profile}-replay`, '--break', 'replay', '--url', tenantUrl(profile));
      expect(minted.code).toBe(0);
      expect(minted.stderr).toContain('token_replayed');
      const checked = await check(profile, tokenIn(minted.stdout));
      expect(checked.code).toBe(0);
      expect(checked.stdout).toMatch(/^verdict: accepted .*replay is not checked offline/m);
      expect((await paste(minted.stdout)).result).toBe('accepted');
      expect((await paste(minted.stdout)).result).toBe('token_replayed');
    });
  }

  test('a break that does not apply is a usage error (exit 2) naming the breaks that do', async () => {
    // One per profile (the first that does not apply), and replay for Deskpro.
    const others = ALL.filter((k) => !APPLIES[profile].includes(k)).filter((k, i) => i === 0 || k === 'replay');
    await mapConcurrent(others, 4, async (kind) => {
      const run = await mint(profile, 'nope', '--break', kind);
      expect({ kind, code: run.code, stdout: run.stdout }).toEqual({ kind, code: 2, stdout: '' });
      expect(run.stderr).toContain(
        `--break ${kind} does not apply to ${profile}${kind === 'replay' ? ' (deskpro does not refuse a second use)' : ''}; the breaks for ${profile} are: ${APPLIES[profile].join(', ')}`,
      );
      expect(run.stderr).not.toMatch(STACK_FRAME);
    });
  });

  test("mint --url prints what the vendor's IdP sends; pasted, it logs the user in", async () => {
    const minted = await mint(profile, `${profile}-paste`, '--url', tenantUrl(profile));
    expect(minted.code).toBe(0);
    expect(minted.stderr).toBe('');
    const answer = await paste(minted.stdout);
    expect(answer.result).toBe('accepted');
    if (profile === 'zoho-asap') {
      expect(minted.stdout).toMatch(
        /^curl -s -X POST -H 'Content-Type: application\/json' -d '\{"jwt":"[\w.-]+"\}' 'http:\/\/[^']+\/t\/zoho-asap\/asap\/jwt'\n$/,
      );
      const me = await request(`${tenantUrl(profile)}/asap/me`, { headers: { authorization: `Bearer ${answer.json().access_token}` } });
      expect(me.json()).toMatchObject({ email: `${profile}-paste@example.com` });
    } else if (profile === 'zendesk') {
      expect(minted.stdout).toMatch(/^curl -i -X POST -d 'jwt=[\w.-]+' 'http:\/\/[^']+\/t\/zendesk\/access\/jwt'\n\n<form method="post"/);
      const form = await mint(profile, `${profile}-form`, '--url', tenantUrl(profile));
      expect((await submitForm(form.stdout)).result).toBe('accepted');
    } else {
      expect(minted.stdout.split('\n')).toHaveLength(2);
      expect(answer.status).toBe(302);
    }
  });
});

const hasCurl = ['/usr/bin/curl', '/bin/curl', '/usr/local/bin/curl'].some((p) => existsSync(p));
(hasCurl ? test : test.skip).each(['zendesk', 'zoho-asap'] as const)('the %s curl line runs as printed in a shell', async (profile) => {
  const minted = await mint(profile, `${profile}-shell`, '--url', tenantUrl(profile));
  const line = minted.stdout.split('\n')[0] as string;
  const out = await new Promise<string>((resolveRun, reject) => execFile('sh', ['-c', line], (err, stdout) => (err ? reject(err) : resolveRun(stdout))));
  if (profile === 'zendesk') expect(out).toMatch(/^x-receiver-result: accepted\r?$/im);
  else expect(JSON.parse(out)).toMatchObject({ token_type: 'Bearer' });
});

describe('mint', () => {
  test("tokens carry what the profile requires: fresh iat and jti, Zoho's ms window, Deskpro's id and exp", async () => {
    const claimsOf = async (profile: Profile) => decodeJwt((await mint(profile, 'claims')).stdout.trim());
    const [hf1, hf2, dp, zo, mo] = await Promise.all([
      claimsOf('happyfox'),
      claimsOf('happyfox'),
      claimsOf('deskpro'),
      claimsOf('zoho-asap'),
      claimsOf('mojo'),
    ]);
    expect(hf1).toMatchObject({ iat: T0, email: 'claims@example.com', name: 'Jane Doe' });
    expect(hf1.jti).not.toBe(hf2.jti);
    expect(dp).toMatchObject({ iat: T0, exp: T0 + 300, id: expect.any(String) });
    expect(zo).toMatchObject({ email_verified: true, not_before: T0_MS, not_after: T0_MS + 300_000, first_name: 'Jane', last_name: 'Doe' });
    expect(mo).toEqual({ iat: T0, email: 'claims@example.com', first_name: 'Jane', last_name: 'Doe' });
  });

  test('--claim k=v: JSON when the value is valid JSON, else the string', async () => {
    const run = await mint(
      'zendesk',
      'claim',
      '--claim',
      'locale=8',
      '--claim',
      'role=agent',
      '--claim',
      'tags=["a","b"]',
      '--claim',
      'user_fields={"plan":"gold"}',
      '--claim',
      'phone="555"',
      '--claim',
      'x=',
      '--claim',
      'ok=true',
    );
    expect(decodeJwt(run.stdout.trim())).toMatchObject({
      locale: 8,
      role: 'agent',
      tags: ['a', 'b'],
      user_fields: { plan: 'gold' },
      phone: '555',
      x: '',
      ok: true,
    });
    expect((await check('zendesk', run.stdout.trim())).code).toBe(0);
    const bad = await mint('zendesk', 'claim', '--claim', 'novalue');
    expect(bad.code).toBe(2);
  });

  test('without --at the token is minted now and passes `check` now; --at takes milliseconds too', async () => {
    const now = await runCli(['mint', '--profile', 'zoho-asap', '--secret', SECRET, '--email', 'now@example.com']);
    const checked = await runCli(['check', '--profile', 'zoho-asap', '--secret', SECRET, now.stdout.trim()]);
    expect(checked.code).toBe(0);
    const ms = await mint('happyfox', 'ms', '--at', String(T0_MS + 1_999));
    expect(decodeJwt(ms.stdout.trim()).iat).toBe(T0 + 1);
  });

  test('usage errors exit 2: unknown profile, unknown break, missing --email, bad --at, bad --url', async () => {
    const runs = await Promise.all([
      runCli(['mint', '--profile', 'freshdesk', '--secret', SECRET, '--email', 'a@example.com']),
      mint('happyfox', 'u', '--break', 'tampered'),
      runCli(['mint', '--profile', 'happyfox', '--secret', SECRET]),
      mint('happyfox', 'u', '--at', 'yesterday'),
      mint('happyfox', 'u', '--url', 'ftp://example.com'),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: /);
    }
  });
});

describe('check', () => {
  test('exit 0 accepted, 1 refused: the table of checks with their numbers, then the verdict line', async () => {
    const good = await mint('happyfox', 'table');
    const ok = await check('happyfox', good.stdout.trim());
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^check +status +detail\nformat +pass +three base64url parts/);
    expect(ok.stdout).toMatch(/^iat_window +pass +iat is 0 s old; HappyFox accepts 120 s$/m);
    expect(ok.stdout).toMatch(/\n\nverdict: accepted by HappyFox \(2026-01-15T12:00:00.000Z\)/);
    const late = await check('happyfox', good.stdout.trim(), '--at', new Date(T0_MS + 187_000).toISOString());
    expect(late.code).toBe(1);
    expect(late.stdout).toMatch(/^iat_window +fail +token_expired: iat is 187 s old; HappyFox accepts 120 s \(67 s too late/m);
    expect(late.stdout).toMatch(/^verdict: refused with token_expired at check iat_window .*HappyFox says "Remote token has expired"$/m);
  });

  test('--json prints the verdict', async () => {
    const bad = await mint('deskpro', 'json', '--break', 'bad-signature');
    const run = await check('deskpro', bad.stdout.trim(), '--json');
    expect(run.code).toBe(1);
    const verdict = JSON.parse(run.stdout);
    expect(Object.keys(verdict).sort()).toEqual(['accepted', 'checks', 'claims', 'code', 'header', 'identity', 'message', 'replay', 'secretIndex']);
    expect(verdict).toMatchObject({ accepted: false, code: 'signature_invalid', message: 'JWT authentication failed', header: { alg: 'HS256' } });
    expect(verdict.checks).toContainEqual({
      name: 'signature',
      status: 'fail',
      code: 'signature_invalid',
      message:
        "signature does not match the tenant's secret: the IdP signs with a different secret (not one of the encoding, white-space, algorithm or serialisation mistakes the receiver tries)",
      hint: expect.stringMatching(/^copy the secret again from the vendor's setting into the IdP, .*Python: jwt\.encode\(claims, secret, algorithm="HS256"\)/),
    });
  });

  test('`-` reads the token from stdin, with its newline', async () => {
    const good = await mint('mojo', 'stdin');
    const run = await runCliWithInput(['check', '--profile', 'mojo', '--secret', SECRET, '--at', AT, '--json', '-'], good.stdout);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ accepted: true, identity: { email: 'stdin@example.com' } });
    const empty = await runCliWithInput(['check', '--profile', 'mojo', '--secret', SECRET, '-'], '\n');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no token on stdin');
  });

  test('usage errors exit 2: unknown profile, no token, no secret, bad --at, unknown flag', async () => {
    const runs = await Promise.all([
      runCli(['check', '--profile', 'freshdesk', '--secret', SECRET, 'x.y.z']),
      runCli(['check', '--profile', 'happyfox', '--secret', SECRET]),
      runCli(['check', '--profile', 'happyfox', 'x.y.z']),
      runCli(['check', '--profile', 'happyfox', '--secret', '', 'x.y.z']),
      runCli(['check', '--profile', 'happyfox', '--secret', SECRET, '--at', 'soon', 'x.y.z']),
      runCli(['check', '--profile', 'happyfox', '--secret', SECRET, '--verbose', 'x.y.z']),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).not.toMatch(STACK_FRAME);
    }
  });
});
