/** The Python sample IdP (standard library only) through the HTTP-only driver: correct per vendor, and its broken variants. */
import { failedIds, runSample } from './support';

test.each(['happyfox', 'zendesk', 'deskpro', 'mojo'] as const)('the correct Python IdP of %s fails no module', async (vendor) => {
  const result = await runSample({ vendor, language: 'python' });
  expect(failedIds(result)).toEqual([]);
  expect(result.modules.filter((m) => m.status === 'PASSED').length).toBeGreaterThanOrEqual(vendor === 'mojo' ? 8 : 9);
  expect(result.outcome).toBe('PASSED');
});

test.each([
  ['happyfox', 'reuse-jti', 'fresh-replay-key'],
  ['happyfox', 'stale-iat', 'iat-freshness'],
  ['happyfox', 'millis', 'happy-path'],
  ['happyfox', 'no-url-encode', 'transport'],
  ['happyfox', 'secret-base64', 'happy-path'],
  ['zendesk', 'get-not-post', 'transport'],
  ['zendesk', 'ignore-logout', 'logout'],
  ['zendesk', 'drop-return', 'return-url'],
  ['deskpro', 'reuse-token', 're-login'],
])('the Python IdP of %s with %s fails exactly %s', async (vendor, flaw, module) => {
  const result = await runSample({ vendor: vendor as 'happyfox', flaw, language: 'python' });
  expect(failedIds(result)).toEqual([module]);
});
