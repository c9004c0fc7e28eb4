import type { Page } from 'playwright-core';
import { SECRET, T0, T0_MS, consumeUrl, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { launchChromium, watch, type PageWatch, type TestBrowser } from '../helpers/chromium';
import { assertBuilt, cleanup, runCli } from '../cli/harness';
import { expectNoLeak, leakForms, libraryToken } from './support';

/**
 * The finding and its hint are shown wherever the verdict is: the HTML refusal page, the CLI
 * `check` table, and the debugger's dry run in a real browser; never with the secret.
 */

jest.setTimeout(60_000);

/** The IdP base64-decodes the tenant's secret (Node's lenient decoder: SECRET is 33 characters). */
const DECODED_KEY = Buffer.from(SECRET, 'base64');
const NAMED = /signature does not match the tenant's secret as configured, but matches the tenant's secret base64-decoded the lenient way/;
const claims = () => ({ iat: T0, jti: `display-${Math.random()}`, email: 'jane@example.com', name: 'Jane Doe' });

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({ tenants: [{ id: 'default', profile: 'happyfox', secret: SECRET }] });
});
afterAll(async () => {
  await rx.stop();
  await cleanup();
});

test('the refusal page: the finding and how to fix it, under the failing check', async () => {
  const res = await request(consumeUrl(rx.url, '/jwt/', { token: await libraryToken(DECODED_KEY, 'HS256', claims()) }));
  expect({ status: res.status, result: res.result }).toEqual({ status: 401, result: 'signature_invalid' });
  expect(res.body).toContain(
    'at check <code>signature</code>: signature does not match the tenant&#39;s secret as configured, but matches the tenant&#39;s secret base64-decoded the lenient way',
  );
  expect(res.body).toContain('<p class="hint">How to fix (<code>secret_base64_decoded</code>): use the secret&#39;s text, as UTF-8 bytes, as the HMAC key');
  for (const lang of [
    'Python: jwt.encode',
    'Ruby: JWT.encode',
    'PHP: JWT::encode',
    'Java: Jwts.builder()',
    'C#: new SigningCredentials',
    'Node: await new SignJWT',
  ])
    expect(res.body).toContain(lang);
  expectNoLeak(res.body, leakForms(SECRET, DECODED_KEY), 'refusal page');
});

test('the CLI check table: a "how to fix" line under the failing check', async () => {
  assertBuilt();
  const token = await libraryToken(DECODED_KEY, 'HS256', claims());
  const run = await runCli(['check', '--profile', 'happyfox', '--secret', SECRET, '--at', new Date(T0_MS).toISOString(), token]);
  expect(run.code).toBe(1);
  const lines = run.stdout.split('\n');
  const at = lines.findIndex((l) => /^signature +fail +signature_invalid: /.test(l));
  expect(lines[at]).toMatch(NAMED);
  expect(lines[at + 1]).toMatch(/^ {10,}how to fix: use the secret's text, as UTF-8 bytes, as the HMAC key.*Python: .*Ruby: .*PHP: .*Java: .*C#: .*Node: /);
  expect(lines[at + 2]).toMatch(/^claims +skip/);
  // The CLI was given the secret; it still never prints it or the key derived from it.
  expectNoLeak(run.stdout + run.stderr, leakForms(DECODED_KEY), 'check output');
  expect(run.stdout).not.toContain(SECRET);
});

describe('the debugger page', () => {
  let browser: TestBrowser;
  let seen: PageWatch;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.context.newPage();
    seen = watch(page);
  });
  afterAll(async () => {
    await page.close();
    expect(seen).toEqual({ dialogs: [], errors: [] });
    await browser.close();
  });

  test('a dry run shows the hint beside the failing check and in the result line', async () => {
    await page.goto(`${rx.url}/_receiver/`);
    await page.locator('#boot').waitFor({ state: 'detached' });
    await page.fill('#check-token', await libraryToken(DECODED_KEY, 'HS256', claims()));
    await page.click('#check-submit');
    await page.locator('#verdict .result').waitFor();
    const text = async (selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
    expect(await text('#verdict .result .code')).toBe('signature_invalid');
    expect(await text('#verdict .result .hint')).toMatch(/^How to fix: use the secret's text, as UTF-8 bytes, as the HMAC key.* Node: await new SignJWT/);
    expect(await text('#verdict tr[data-check="signature"] .message')).toMatch(NAMED);
    expect(await text('#verdict tr[data-check="signature"] .message .hint')).toMatch(/^How to fix: use the secret's text/);
    expectNoLeak(await page.content(), leakForms(SECRET, DECODED_KEY), 'debugger page');
  });
});
