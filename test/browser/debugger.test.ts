/**
 * The debugger page at /_receiver/ in a real browser (Debian's chromium through playwright-core):
 * the dry-run form, a full sign-on from an IdP page to the portal, the clock controls, claim values
 * shown as text, the state reset. The receiver is the real thing over HTTP, its clock frozen at T0.
 */
import type { Page } from 'playwright-core';
import { DEBUGGER_CSP } from '../../src/http/debugger';
import { PAGE_CSP } from '../../src/http/pages/html';
import { SECRET, T0, T0_MS, consumeUrl, freshJti, happyfoxToken, request, sign, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { launchChromium, serve, watch, type PageWatch, type TestBrowser } from '../helpers/chromium';

jest.setTimeout(60_000);

let rx: TestReceiver;
let browser: TestBrowser;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'mojo', profile: 'mojo', secret: SECRET },
      { id: 'zoho', profile: 'zoho-asap', secret: SECRET },
    ],
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rx?.stop();
});
beforeEach(() => rx.clock.freeze(T0_MS));

const pages: Array<{ page: Page; seen: PageWatch }> = [];
afterEach(async () => {
  // Whatever a test did, no page may have opened a dialog, thrown, or broken its own CSP.
  for (const { page, seen } of pages.splice(0)) {
    await page.close();
    expect(seen).toEqual({ dialogs: [], errors: [] });
  }
});

/** The page with its script running: tenants and the clock read. */
async function openDebugger(): Promise<Page> {
  const page = await browser.context.newPage();
  pages.push({ page, seen: watch(page) });
  await page.goto(`${rx.url}/_receiver/`);
  await page.locator('#boot').waitFor({ state: 'detached' });
  await page.locator('#check-tenant option[value="mojo"]').waitFor({ state: 'attached' });
  await page.locator('#clock-mode', { hasText: 'frozen' }).waitFor();
  return page;
}

async function dryRun(page: Page, tenant: string, token: string): Promise<void> {
  await page.selectOption('#check-tenant', tenant);
  await page.fill('#check-token', token);
  await page.click('#check-submit');
  await page.locator('#verdict .result').waitFor();
}

/** What the user sees in `selector` (innerText: table cells apart), white space collapsed. */
const text = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

/** Opens the attempt row showing `email` (it arrives with the next poll) and waits for its detail. */
async function openAttempt(page: Page, email: string) {
  const row = page.locator('details.attempt', { hasText: email });
  await row.locator('summary').click();
  await row.locator('section', { hasText: 'Session' }).waitFor();
  return row;
}

test('the page carries its own CSP; its assets are served with their content types', async () => {
  const res = await request(`${rx.url}/_receiver/`);
  expect([res.status, res.headers.get('content-type'), res.headers.get('content-security-policy')]).toEqual([200, 'text/html; charset=utf-8', DEBUGGER_CSP]);
  expect(DEBUGGER_CSP).toBe(
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  const types = await Promise.all(
    ['app.js', 'render.js', 'app.css', 'nope.js', '..%2Fhttp%2Fapp.js'].map(async (f) => {
      const a = await request(`${rx.url}/_receiver/assets/${f}`);
      return [f, a.status, a.headers.get('content-type'), a.headers.get('x-content-type-options')];
    }),
  );
  expect(types).toEqual([
    ['app.js', 200, 'text/javascript; charset=utf-8', 'nosniff'],
    ['render.js', 200, 'text/javascript; charset=utf-8', 'nosniff'],
    ['app.css', 200, 'text/css; charset=utf-8', 'nosniff'],
    ['nope.js', 404, 'text/plain; charset=utf-8', 'nosniff'],
    ['..%2Fhttp%2Fapp.js', 404, 'text/plain; charset=utf-8', 'nosniff'],
  ]);
  // Other responses keep the no-script policy.
  expect((await request(`${rx.url}/_receiver/health`)).headers.get('content-security-policy')).toBe(PAGE_CSP);
  expect((await request(`${rx.url}/home`)).headers.get('content-security-policy')).toBe(PAGE_CSP);
});

test('a pasted token gets its dry-run verdict: accepted, or the failing check with its numbers', async () => {
  const page = await openDebugger();
  await dryRun(page, 'default', await happyfoxToken());
  expect(await text(page, '#verdict .result')).toBe('Accepted');
  expect(await page.locator('#verdict tr.check.fail').count()).toBe(0);
  // The numbers beside the sentence come from the check's fields, not from the sentence.
  expect(await text(page, '#verdict tr[data-check="iat_window"] .figures')).toBe('iat 0 s, limit 120 s');
  expect(await text(page, '#verdict tr[data-check="iat_window"] .message')).toMatch(/^iat is 0 s old; HappyFox accepts 120 s\s*iat 0 s, limit 120 s$/);
  expect(await text(page, '#check-status')).toContain('2026-01-15 12:00:00Z by the receiver clock');

  await dryRun(page, 'default', await happyfoxToken({ iat: T0 - 187 }));
  expect(await text(page, '#verdict .result .code')).toBe('token_expired');
  expect(await text(page, '#verdict tr.check.fail')).toMatch(/^fail iat_window iat is 187 s old; HappyFox accepts 120 s \(67 s too late.* token_expired$/);
  expect(await text(page, '#verdict tr.check.fail .figures')).toBe('iat too_old: 187 s, limit 120 s');
  // Each time claim as a date and as a delta against the receiver's clock.
  expect(await text(page, '#verdict tr[data-claim="iat"]')).toBe(`iat ${T0 - 187} 2026-01-15 11:56:53Z 187 s ago (3 min 7 s) by the receiver clock`);

  // exp and nbf in seconds; Zoho's not_before and not_after in milliseconds.
  await dryRun(page, 'default', await happyfoxToken({ nbf: T0 - 10, exp: T0 + 300 }));
  expect(await text(page, '#verdict tr[data-claim="nbf"]')).toBe(`nbf ${T0 - 10} 2026-01-15 11:59:50Z 10 s ago by the receiver clock`);
  expect(await text(page, '#verdict tr[data-claim="exp"]')).toBe(`exp ${T0 + 300} 2026-01-15 12:05:00Z in 300 s (5 min) by the receiver clock`);
  await dryRun(page, 'zoho', await sign({ email: 'ana@example.com', email_verified: true, not_before: T0_MS - 30_000, not_after: T0_MS + 270_000 }));
  expect(await text(page, '#verdict .result')).toBe('Accepted');
  expect(await text(page, '#verdict tr[data-claim="not_before"]')).toBe(
    `not_before ${T0_MS - 30_000} 2026-01-15 11:59:30Z (milliseconds) 30 s ago by the receiver clock`,
  );
  expect(await text(page, '#verdict tr[data-claim="not_after"]')).toBe(
    `not_after ${T0_MS + 270_000} 2026-01-15 12:04:30Z (milliseconds) in 270 s (4 min 30 s) by the receiver clock`,
  );

  await dryRun(page, 'mojo', await happyfoxToken({}, 'wrong-secret-0123456789abcdefghij'));
  expect(await text(page, '#verdict .result .code')).toBe('signature_invalid');
  expect(await text(page, '#verdict tr.check.fail .name')).toBe('signature');
});

test('a full sign-on from an IdP page lands on /tickets with an HttpOnly, SameSite=Lax session', async () => {
  const email = `sso-${freshJti()}@example.com`;
  // The IdP: its login page mints a fresh token on every request and posts the browser onward.
  const idp = await serve(async (req, res) => {
    const token = await happyfoxToken({ email, name: 'Sso User' });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>IdP</title><form method="get" action="${rx.url}/jwt/">
      <input type="hidden" name="token" value="${token}"><input type="hidden" name="return_to" value="/tickets">
      <button type="submit">Go to the help center</button></form>`);
  });
  try {
    const page = await browser.context.newPage();
    pages.push({ page, seen: watch(page) });
    await page.goto(`${idp.url}/login`);
    await Promise.all([page.waitForURL(`${rx.url}/tickets`), page.click('text=Go to the help center')]);
    expect(await text(page, '.user-email')).toBe(email);
    expect(await text(page, 'body')).toContain(`No tickets yet for ${email}.`);

    const cookies = await browser.context.cookies(rx.url);
    expect(cookies.filter((c) => c.name.startsWith('hjr_session_')).map(({ name, path, httpOnly, sameSite }) => ({ name, path, httpOnly, sameSite }))).toEqual([
      { name: 'hjr_session_default', path: '/', httpOnly: true, sameSite: 'Lax' },
    ]);
    expect(await page.evaluate<string>('document.cookie')).not.toContain('hjr_session_');

    // The debugger shows the attempt with the user and the session it created.
    const dbg = await openDebugger();
    const row = await openAttempt(dbg, email);
    expect(await text(dbg, `details.attempt[open] .badge`)).toBe('accepted');
    expect(await row.locator('section', { hasText: 'User' }).locator('tr[data-field="email"] .value').textContent()).toBe(email);
    expect(await row.locator('section', { hasText: 'Session' }).locator('p.muted').count()).toBe(0);
    expect(await row.locator('section', { hasText: 'Replay ledger' }).locator('p.muted').count()).toBe(0);
    expect(await row.locator('section', { hasText: 'Request' }).locator('tr[data-field="referer"] .value').textContent()).toBe(`${idp.url}/`);
    if (process.env.HJR_SCREENSHOT) {
      await dryRun(dbg, 'default', await happyfoxToken({ iat: T0 - 187 }));
      await dbg.screenshot({ path: process.env.HJR_SCREENSHOT, fullPage: true });
    }
  } finally {
    await idp.close();
  }
});

test('the clock controls move a token from accepted (dry run) to expired, and back to real time', async () => {
  const page = await openDebugger();
  await dryRun(page, 'default', await happyfoxToken());
  expect(await text(page, '#verdict .result')).toBe('Accepted');

  await page.fill('#clock-advance-seconds', '121');
  await page.click('#clock-advance');
  // The verdict on screen is checked again at the new time.
  await page.locator('#verdict .result.refused').waitFor();
  expect(await text(page, '#verdict tr.check.fail')).toMatch(/^fail iat_window iat is 121 s old; HappyFox accepts 120 s \(1 s too late/);
  expect(await text(page, '#verdict tr[data-claim="iat"] .delta')).toBe('121 s ago (2 min 1 s) by the receiver clock');
  expect(rx.clock.describe()).toEqual({ mode: 'frozen', atMs: T0_MS + 121_000, nowMs: T0_MS + 121_000 });
  await page.locator('#clock-now', { hasText: '2026-01-15 12:02:01Z' }).waitFor();

  await page.click('#clock-reset');
  await page.locator('#clock-mode', { hasText: 'real' }).waitFor();
  expect(rx.clock.describe().mode).toBe('real');
  await page.click('#clock-freeze');
  await page.locator('#clock-mode', { hasText: 'frozen' }).waitFor();
  expect(rx.clock.describe().mode).toBe('frozen');
  expect(Math.abs(rx.clock.nowMs() - Date.now())).toBeLessThan(5_000);
});

test('a claim value that is markup stays text in the attempt detail: no script runs, the text is visible', async () => {
  const email = `xss-${freshJti()}@example.com`;
  const name = '<script>alert(1)</script>';
  const token = await happyfoxToken({ email, name, title: '<img src=x onerror=alert(2)>' });
  expect((await request(consumeUrl(rx.url, '/jwt/', { token }))).result).toBe('accepted');

  const page = await openDebugger();
  const row = await openAttempt(page, email);
  const claims = row.locator('section', { hasText: 'Claims' });
  const value = claims.locator('tr[data-claim="name"] .value');
  expect(await value.textContent()).toBe(name);
  expect(await value.isVisible()).toBe(true);
  expect(await claims.locator('tr[data-claim="title"] .value').textContent()).toBe('<img src=x onerror=alert(2)>');
  expect(await row.locator('section', { hasText: 'User' }).locator('tr[data-field="name"] .value').textContent()).toBe(name);
  expect(await page.locator('#attempt-list script, #attempt-list img').count()).toBe(0);

  await dryRun(page, 'default', token); // the same claims in the dry-run view
  expect(await page.locator('#verdict tr[data-claim="name"] .value').textContent()).toBe(name);
  expect(await page.locator('#verdict script, #verdict img').count()).toBe(0);
  await page.waitForTimeout(300); // time for an injected handler to have fired; afterEach asserts no dialog
});

test('reset state asks first, then deletes every attempt and the list empties', async () => {
  expect((await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }))).result).toBe('accepted');
  const page = await openDebugger();
  await page.locator('details.attempt').first().waitFor();
  await page.click('#state-reset');
  expect(await page.locator('#state-confirm').isVisible()).toBe(true);
  await page.click('#state-reset-cancel');
  expect(await page.locator('#state-confirm').isVisible()).toBe(false);
  expect((await rx.store.searchAttempts({ tenant: 'default' })).length).toBeGreaterThan(0);

  await page.click('#state-reset');
  await page.click('#state-reset-confirm');
  await page.locator('#state-status', { hasText: 'State reset' }).waitFor();
  await page.locator('#attempt-list .empty').waitFor();
  expect(await page.locator('details.attempt').count()).toBe(0);
  expect(await rx.store.searchAttempts({ tenant: 'default' })).toEqual([]);
});

test('with server.adminToken the page asks for it once, then reads the API with it', async () => {
  const adminToken = 'admin-token-for-the-debugger-0123';
  const guarded = await startTestReceiver({ server: { adminToken } });
  const page = await browser.context.newPage();
  const seen = watch(page);
  try {
    await page.goto(`${guarded.url}/_receiver/`); // the page and its script carry no data: no token needed
    await page.locator('#admin-box').waitFor({ state: 'visible' });
    await page.fill('#admin-token', adminToken);
    await page.click('#admin-box button[type=submit]');
    await page.locator('#check-tenant option[value="default"]').waitFor({ state: 'attached' });
    await page.locator('#clock-mode', { hasText: 'frozen' }).waitFor();
    expect(await page.locator('#admin-box').isVisible()).toBe(false);
    await dryRun(page, 'default', await happyfoxToken());
    expect(await text(page, '#verdict .result')).toBe('Accepted');
    // Only the 401s before the token was given, as the browser reports failed loads.
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  } finally {
    await page.close();
    await guarded.stop();
  }
});
