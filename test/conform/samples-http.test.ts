/**
 * The sample IdPs through the HTTP-only driver: the correct Node IdP of each vendor passes every
 * module of its plan (a module with nothing to judge for that vendor is SKIPPED and says why), and
 * each broken variant fails exactly the module meant to catch it.
 */
import { failedIds, runSample, statuses } from './support';

const EVERY_LOGIN_MODULE = ['happy-path', 'fresh-replay-key', 'iat-freshness', 'transport', 're-login', 'special-user', 'identity-stability', 'logout'];

describe('the correct Node IdP passes its vendor plan (HTTP only)', () => {
  test.each([
    ['happyfox', { 'secret-strength': 'PASSED', 'return-url': 'PASSED', 'refusal-handling': 'SKIPPED', 'forged-request': 'SKIPPED' }],
    ['zendesk', { 'secret-strength': 'SKIPPED', 'return-url': 'PASSED', 'refusal-handling': 'PASSED', 'forged-request': 'SKIPPED' }],
    ['deskpro', { 'secret-strength': 'SKIPPED', 'return-url': 'PASSED', 'refusal-handling': 'SKIPPED', 'forged-request': 'SKIPPED' }],
    ['mojo', { 'secret-strength': 'SKIPPED', 'return-url': 'SKIPPED', 'refusal-handling': 'SKIPPED', 'forged-request': 'SKIPPED' }],
  ] as const)('%s', async (vendor, others) => {
    const result = await runSample({ vendor });
    expect(statuses(result)).toEqual({ ...Object.fromEntries(EVERY_LOGIN_MODULE.map((id) => [id, 'PASSED'])), ...others });
    expect(result.outcome).toBe('PASSED');
    expect(result.clock?.samples).toBeGreaterThanOrEqual(10);
    expect(Math.abs(result.clock?.offsetSeconds ?? 99)).toBeLessThanOrEqual(1.5);
  });
});

describe('each broken Node IdP fails exactly the module meant to catch it (HTTP only)', () => {
  test.each([
    ['happyfox', 'reuse-jti', 'fresh-replay-key'],
    ['happyfox', 'stale-iat', 'iat-freshness'],
    ['happyfox', 'millis', 'happy-path'],
    ['happyfox', 'drop-return', 'return-url'],
    ['happyfox', 'no-url-encode', 'transport'],
    ['happyfox', 'ignore-logout', 'logout'],
    ['happyfox', 'secret-base64', 'happy-path'],
    ['happyfox', 'reuse-token', 're-login'],
    ['zendesk', 'get-not-post', 'transport'],
    ['zendesk', 'reuse-jti', 'fresh-replay-key'],
    ['zendesk', 'stale-iat', 'iat-freshness'],
    ['zendesk', 'drop-return', 'return-url'],
    ['zendesk', 'reuse-token', 're-login'],
    ['deskpro', 'millis', 'happy-path'],
    ['deskpro', 'ignore-logout', 'logout'],
    ['mojo', 'stale-iat', 'iat-freshness'],
    ['mojo', 'reuse-token', 're-login'],
  ])('%s %s -> %s', async (vendor, flaw, module) => {
    const result = await runSample({ vendor: vendor as 'happyfox', flaw });
    expect(failedIds(result)).toEqual([module]);
    expect(result.outcome).toBe('FAILED');
  });
});

test('the evidence names the numbers: a stale iat is 600 s old against HappyFox 120 s', async () => {
  const result = await runSample({ vendor: 'happyfox', flaw: 'stale-iat', options: { modules: ['iat-freshness'] } });
  const [module] = result.modules;
  expect(module?.status).toBe('FAILED');
  const failure = module?.evidence.find((e) => e.level === 'FAILURE');
  expect(failure?.data).toMatchObject({ check: 'iat_window', claim: 'iat', limit: 120, unit: 's' });
  expect(failure?.data?.actual as number).toBeGreaterThanOrEqual(600);
});

test('a wrong secret encoding is named by the receiver finding in happy-path', async () => {
  const result = await runSample({ vendor: 'zendesk', flaw: 'secret-base64', options: { modules: ['happy-path'] } });
  expect(result.modules[0]?.evidence.find((e) => e.level === 'FAILURE')?.data).toMatchObject({
    check: 'signature',
    code: 'signature_invalid',
    finding: 'secret_base64_decoded',
  });
});

test('--expected-failures: a listed module that fails is expected, and the run passes', async () => {
  const result = await runSample({ vendor: 'happyfox', flaw: 'ignore-logout', options: { expectedFailures: ['logout'] } });
  const logout = result.modules.find((m) => m.id === 'logout');
  expect(logout).toMatchObject({ status: 'FAILED', expected: true });
  expect(result.outcome).toBe('PASSED');
});
