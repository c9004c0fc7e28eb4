/**
 * From a refusal to its verdict in one click, in a real browser (Debian's chromium): the refusal
 * page's "Attempt #N" link opens the debugger on that attempt with its failing check; the debugger
 * also opens an attempt named by `?attempt=` that is older than the attempts it lists, follows a
 * new `#attempt=` in the same tab, and says when an attempt is not in the store.
 */
import type { Page } from 'playwright-core';
import { T0, consumeUrl, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { launchChromium, watch, type PageWatch, type TestBrowser } from '../helpers/chromium';

jest.setTimeout(60_000);

let rx: TestReceiver;
let browser: TestBrowser;
beforeAll(async () => {
  rx = await startTestReceiver();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rx?.stop();
});

const pages: Array<{ page: Page; seen: PageWatch }> = [];
afterEach(async () => {
  for (const { page, seen } of pages.splice(0)) {
    await page.close();
    expect(seen).toEqual({ dialogs: [], errors: [] });
  }
});

async function newPage(): Promise<Page> {
  const page = await browser.context.newPage();
  pages.push({ page, seen: watch(page) });
  return page;
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

/** The opened attempt row `id` with its detail loaded. */
async function openedAttempt(page: Page, id: string) {
  const row = page.locator(`details.attempt.linked[open][data-id="${id}"]`);
  await row.locator('section', { hasText: 'Checks' }).waitFor();
  return row;
}

test('the refusal page links to the debugger opened on the attempt, which shows the failing check', async () => {
  const token = await happyfoxToken({ iat: T0 - 187, email: 'late@example.com' });
  const page = await newPage();
  const res = await page.goto(consumeUrl(rx.url, '/jwt/', { token }));
  expect(res?.status()).toBe(401);
  const id = (await res?.headerValue('x-receiver-attempt')) as string;
  expect(id).toMatch(/^\d+$/);
  expect(await text(page, 'a.attempt')).toBe(`Attempt #${id}`);
  // The refusal page's own 401, as the browser reports it; anything else would still fail the test.
  const { seen } = pages[pages.length - 1] as { seen: PageWatch };
  expect(seen.errors).toEqual(['console: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  seen.errors.length = 0;

  await Promise.all([page.waitForURL(`${rx.url}/_receiver/#attempt=${id}`), page.click('a.attempt')]);
  const row = await openedAttempt(page, id);
  expect(await row.locator('summary .badge').innerText()).toBe('token_expired');
  expect(await row.locator('summary .email').innerText()).toBe('late@example.com');
  expect((await row.locator('tr.check.fail').innerText()).replace(/\s+/g, ' ').trim()).toMatch(
    /^fail iat_window iat is 187 s old; HappyFox accepts 120 s \(67 s too late.* token_expired$/,
  );
  // Opened in the list, not as a separate copy.
  expect(await page.locator('#attempt-list details.attempt.linked').count()).toBe(1);
  expect(await page.locator('#attempt-linked details').count()).toBe(0);
});

test('an attempt older than the listed ones opens on its own above the list; a new #attempt= in the same tab is followed', async () => {
  const old = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat: T0 - 500, email: 'old@example.com' }) }));
  const oldId = old.headers.get('x-receiver-attempt') as string;
  // 100 newer attempts: the debugger lists the newest 100 only.
  for (let i = 0; i < 100; i++) expect((await request(`${rx.url}/jwt/`)).result).toBe('token_missing');

  const page = await newPage();
  await page.goto(`${rx.url}/_receiver/?attempt=${oldId}`);
  const pinned = page.locator('#attempt-linked');
  await openedAttempt(page, oldId);
  expect(await text(page, '#attempt-linked p')).toBe(`Attempt #${oldId}, opened from a link; it is not among the attempts listed below.`);
  expect(await pinned.locator('tr.check.fail .name').innerText()).toBe('iat_window');
  expect(await page.locator(`#attempt-list details[data-id="${oldId}"]`).count()).toBe(0);

  // A listed attempt named by a new fragment: opened in the list, the copy above it gone.
  const newest = (await page.locator('#attempt-list details.attempt').first().getAttribute('data-id')) as string;
  expect(newest).toMatch(/^\d+$/);
  await page.evaluate(`location.hash = 'attempt=${newest}'`);
  const row = await openedAttempt(page, newest);
  expect(await row.locator('tr.check.fail .name').innerText()).toBe('request');
  expect(await pinned.locator('details').count()).toBe(0);
});

test('an attempt that is not in the store is said to be so', async () => {
  const page = await newPage();
  await page.goto(`${rx.url}/_receiver/#attempt=999999`);
  await page.locator('#attempt-linked .notice.error').waitFor();
  expect(await text(page, '#attempt-linked .notice.error')).toBe(
    'Attempt #999999 is not in the store: pruned (attemptsPerTenant), cleared by a state reset, or never recorded.',
  );
  // The browser reports the 404 of the attempt it asked for; nothing else went wrong.
  const { seen } = pages[pages.length - 1] as { seen: PageWatch };
  expect(seen.errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  seen.errors.length = 0;
});
