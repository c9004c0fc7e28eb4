/**
 * A sixth vendor that lives only in this test folder (acme-desk.js: contract, an option, a route, a
 * token factory with a break of its own, a fixture case), added without touching the engine: in
 * process with registerVendor, and into the CLI with --vendor-module. It is then served, validated,
 * minted, checked, listed in the fixtures and the debugger API like a built-in vendor.
 */
import { join } from 'node:path';
import { fixtureCases } from '../../../scripts/fixture-cases';
import { checkToken, ERROR_CODES, mint } from '../../../src';
import { signSpec } from '../../../src/mint/claims';
import { registerVendor, VENDORS, type ProfileId, type Vendor } from '../../../src/vendors';
import { cleanup, runCli, serve, stop } from '../../cli/harness';
import { T0_MS, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { vendor } = require('./acme-desk.js') as { vendor: Vendor };
const MODULE = join(__dirname, 'acme-desk.js');
const ACME = 'acme-desk' as ProfileId;
const secret = 'acme-secret-0123456789abcdef';

let rx: TestReceiver;
beforeAll(async () => {
  if (!(ACME in VENDORS)) registerVendor(vendor);
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: 'hf-secret-0123456789' },
      { id: 'acme', profile: 'acme-desk', secret, options: { acmeGreeting: 'Howdy' } },
    ],
  });
});
afterAll(async () => {
  await rx?.stop();
  await cleanup();
});

const token = async (opts: { break?: string; jti?: string } = {}) =>
  (await mint({ profile: ACME, secret, email: 'wile@acme.example', name: 'Wile E.', at: T0_MS, ...opts })).token;

describe('a vendor registered at run time, in process', () => {
  test('its consume route logs in, lands on its return parameter, and refuses a replay', async () => {
    const jwt = await token();
    const url = `${rx.url}/t/acme/sso/jwt?jwt=${jwt}&next=/tickets`;
    const first = await request(url);
    expect({ status: first.status, result: first.result, location: first.location }).toEqual({ status: 302, result: 'accepted', location: '/t/acme/tickets' });
    const again = await request(url);
    expect({ status: again.status, result: again.result }).toEqual({ status: 401, result: 'token_replayed' });
  });

  test('its own break is refused with its code, and in its own words', async () => {
    const stale = await request(`${rx.url}/t/acme/sso/jwt?jwt=${await token({ break: 'acme-stale' })}`, { json: true });
    expect({ status: stale.status, result: stale.result, message: stale.json().message, check: stale.json().check }).toEqual({
      status: 401,
      result: 'token_expired',
      message: 'Acme says: that link is stale',
      check: 'iat_window',
    });
  });

  test('its route reads its option; its option is refused on another vendor tenant', async () => {
    expect((await request(`${rx.url}/t/acme/hello`, { json: true })).json()).toEqual({ greeting: 'Howdy' });
    const created = await request(`${rx.url}/_receiver/tenants`, {
      method: 'POST',
      json: true,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'hf2', profile: 'happyfox', secret: 's3cret-s3cret', options: { acmeGreeting: 'Hi' } }),
    });
    expect({ status: created.status, problems: created.json().problems }).toEqual({
      status: 400,
      problems: ["options.acmeGreeting is a acme-desk option; this tenant's profile is happyfox"],
    });
  });

  test('its own error code is answered with its status, recorded, and a code the API filters by', async () => {
    expect(ERROR_CODES).toHaveProperty('acme_account_closed', expect.objectContaining({ status: 403 }));
    const claims = { ...VENDORS[ACME].factory.passingClaims(T0_MS, { email: 'closed@acme.example' }, 'closed-1'), closed: true };
    const closed = await signSpec({ header: { alg: 'HS256', typ: 'JWT' }, claims, key: 'tenant' }, secret);
    const refused = await request(`${rx.url}/t/acme/sso/jwt?jwt=${closed}`, { json: true });
    expect({ status: refused.status, result: refused.result, check: refused.json().check }).toEqual({
      status: 403,
      result: 'acme_account_closed',
      check: 'account_open',
    });
    const listed = await request(`${rx.url}/_receiver/attempts?tenant=acme&code=acme_account_closed`, { json: true });
    expect({ status: listed.status, emails: listed.json().attempts.map((a: { email: string | null }) => a.email) }).toEqual({
      status: 200,
      emails: ['closed@acme.example'],
    });
    const unknown = await request(`${rx.url}/_receiver/attempts?code=acme_account_opened`, { json: true });
    expect({ status: unknown.status, error: unknown.json().error }).toEqual({ status: 400, error: 'request_invalid' });
  });

  test('a vendor redefining an existing code is refused, and nothing of it is registered', () => {
    const clash = { ...vendor, id: 'acme-clash', contract: { ...vendor.contract, id: 'acme-clash' }, options: {} };
    expect(() => registerVendor({ ...clash, errorCodes: { token_expired: { status: 401, meaning: 'mine' } } })).toThrow(
      'vendor acme-clash: error code token_expired is defined already',
    );
    expect(() => registerVendor({ ...clash, errorCodes: { 'Acme-Bad': { status: 200, meaning: 'x' } } })).toThrow('must be lower-case letters');
    expect({ registered: 'acme-clash' in VENDORS, meaning: ERROR_CODES.token_expired.meaning }).toEqual({
      registered: false,
      meaning: expect.stringContaining('iat is older'),
    });
  });

  test('the debugger API lists its attempts and dry-runs its tokens', async () => {
    const attempts = await request(`${rx.url}/_receiver/attempts?tenant=acme`, { json: true });
    expect(attempts.json().attempts.map((a: { code: string | null }) => a.code)).toEqual(expect.arrayContaining([null, 'token_replayed', 'token_expired']));
    const dry = await request(`${rx.url}/_receiver/check`, {
      method: 'POST',
      json: true,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant: 'acme', token: await token() }),
    });
    expect({ status: dry.status, accepted: dry.json().accepted }).toEqual({ status: 200, accepted: true });
  });

  test('its golden cases (the engine derived ones and its own) get the verdicts they state', async () => {
    const cases = fixtureCases(ACME, T0_MS);
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['name.pass-acme-greeting', 'iat_window.fail-acme-stale', 'iat_window.fail-expired-by-1s', 'jti.fail-no-jti']),
    );
    const passing = {
      header: { alg: 'HS256', typ: 'JWT' },
      claims: VENDORS[ACME].factory.passingClaims(T0_MS, { email: 'jane.doe@example.com', name: 'Jane Doe' }, 'golden'),
      key: 'tenant' as const,
    };
    for (const c of cases) {
      const verdict = await checkToken({ profile: ACME, secret }, await signSpec(c.build(passing), secret), T0_MS);
      const check = c.status === 'fail' ? verdict.checks.find((k) => k.status === 'fail') : verdict.checks.find((k) => k.name === c.check);
      expect({ case: c.name, code: verdict.code, check: check?.name, status: check?.status }).toEqual({
        case: c.name,
        code: c.code,
        check: c.check,
        status: c.status,
      });
    }
  });
});

describe('a vendor module given to the CLI', () => {
  test('mint and check know its profile and its break; serve serves it out of the box with its route in the banner', async () => {
    const cli = (...args: string[]) => runCli(['--vendor-module', MODULE, ...args]);
    const minted = await cli('mint', '--profile', 'acme-desk', '--secret', secret, '--email', 'wile@acme.example');
    expect({ code: minted.code, parts: minted.stdout.trim().split('.').length }).toEqual({ code: 0, parts: 3 });
    const ok = await runCli(['check', '--profile', 'acme-desk', '--secret', secret, '--json', minted.stdout.trim()], { env: { HJR_VENDOR_MODULES: MODULE } });
    expect({ code: ok.code, accepted: JSON.parse(ok.stdout).accepted }).toEqual({ code: 0, accepted: true });
    const stale = await cli('mint', '--profile', 'acme-desk', '--secret', secret, '--email', 'wile@acme.example', '--break', 'acme-stale');
    expect(stale.stderr).toContain('expect token_expired at check iat_window');
    const refused = await cli('check', '--profile', 'acme-desk', '--secret', secret, '--json', stale.stdout.trim());
    expect({ code: refused.code, result: JSON.parse(refused.stdout).code }).toEqual({ code: 1, result: 'token_expired' });

    const serving = await serve(['--vendor-module', MODULE, '--port', '0', '--db', ':memory:', '--log-format', 'pretty']);
    await serving.proc.waitFor(/tenant acme-desk \(Acme Desk\)[\s\S]*claims /);
    expect(serving.proc.stdout()).toContain(`hello     GET ${serving.url}/t/acme-desk/hello  (says acmeGreeting)`);
    expect((await request(`${serving.url}/t/acme-desk/hello`, { json: true })).json()).toEqual({ greeting: 'Hello' });
    await stop(serving.proc);
  });

  test('a module that is missing or exports no vendor is a usage error naming it (exit 2)', async () => {
    const missing = await runCli(['--vendor-module', './no-such-vendor.js', 'mint', '--help']);
    expect({ code: missing.code }).toEqual({ code: 2 });
    expect(missing.stderr).toContain('--vendor-module ./no-such-vendor.js: cannot load');
    const notVendor = await runCli(['--vendor-module', join(__dirname, '..', '..', '..', 'jest.config.js'), 'mint', '--help']);
    expect({ code: notVendor.code, stderr: notVendor.stderr }).toEqual({ code: 2, stderr: expect.stringContaining('exports no vendor') });
  });
});
