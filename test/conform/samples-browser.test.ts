/**
 * The sample IdPs through a real headless Chromium with a browser script (a login form filled and
 * submitted on each fresh session): the correct IdPs pass, broken ones fail exactly their module,
 * and the HTML report opens in Chromium with the tokens' header and claims but no signature or secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserDriver } from '../../src/conform/drivers/browser';
import { htmlReport } from '../../src/conform/reports/html';
import { jsonReport } from '../../src/conform/reports/json';
import { junitReport } from '../../src/conform/reports/junit';
import type { ConformResult } from '../../src/conform/types';
import { launchChromium } from '../helpers/chromium';
import { failedIds, IDP_SECRET, runSample, USERS_SCRIPT } from './support';

jest.setTimeout(180_000);
const browser = () => BrowserDriver.launch(USERS_SCRIPT);

let happy: ConformResult;
const issued: string[] = [];
beforeAll(async () => {
  happy = await runSample({ vendor: 'happyfox', form: true, driver: browser, idp: { issued } });
});

test('the correct HappyFox IdP (Node, a login form) passes in Chromium, with screenshots of the form and the landing page', () => {
  expect(failedIds(happy)).toEqual([]);
  expect(happy.driver).toBe('browser');
  expect(happy.modules.filter((m) => m.status === 'PASSED').map((m) => m.id)).toHaveLength(10);
  const shots = happy.captures.flatMap((c) => c.screenshots);
  expect(shots.filter((s) => s.label === 'landing page').length).toBeGreaterThanOrEqual(10);
  expect(shots.some((s) => s.label === 'after the tasks for /login')).toBe(true);
  expect(shots.every((s) => s.dataUrl.startsWith('data:image/jpeg;base64,'))).toBe(true);
});

test('the correct Zendesk IdP (Python, a login form, then an auto-POST form) passes in Chromium', async () => {
  const result = await runSample({ vendor: 'zendesk', language: 'python', form: true, driver: browser });
  expect(failedIds(result)).toEqual([]);
  expect(result.captures.find((c) => c.label === 'happy-path')?.consume).toMatchObject({ method: 'POST', tokenParams: ['jwt'] });
});

test.each([
  ['zendesk', 'node', 'get-not-post', 'transport'],
  ['happyfox', 'python', 'reuse-token', 're-login'],
  ['deskpro', 'node', 'ignore-logout', 'logout'],
] as const)('%s (%s) with %s fails exactly %s in Chromium', async (vendor, language, flaw, module) => {
  const result = await runSample({ vendor, language, flaw, form: true, driver: browser });
  expect(failedIds(result)).toEqual([module]);
});

test('DiscourseConnect in Chromium: the nonce cookie /session/sso set goes with the browser to sso_login, so the correct IdP logs in', async () => {
  const result = await runSample({ vendor: 'discourse', form: true, driver: browser, options: { modules: ['happy-path'] } });
  expect(result.modules[0]).toMatchObject({ id: 'happy-path', status: 'PASSED' });
  expect(result.captures[0]).toMatchObject({ accepted: true, status: 302 });
  expect(result.captures[0]?.checks.find((c) => c.name === 'nonce_valid')?.status).toBe('pass');
});

test('DiscourseConnect: an IdP refusing a forged sig passes forged-request in Chromium, its error page ending the login at once', async () => {
  const [param, status] = ['sig', '403'];
  const result = await runSample({ vendor: 'discourse', form: true, driver: browser, options: { modules: ['forged-request'] } });
  const [module] = result.modules;
  expect(module).toMatchObject({ id: 'forged-request', status: 'PASSED' });
  const capture = result.captures.find((c) => c.label.startsWith('forged-request'));
  // Not the driver's timeout ("no request reached the consume route in 10000 ms"): the IdP's answer.
  expect(capture?.error).toMatch(new RegExp(`^the IdP answered ${status} at /`));
  expect(capture?.screenshots.map((s) => s.label)).toContain('the IdP refused');
  expect(module?.evidence.some((e) => e.level === 'SUCCESS' && e.message.includes(param))).toBe(true);
});

describe('the reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hjr-conform-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the HTML report opens in Chromium: every module, the tokens header and claims, screenshots; no secret, no token, no signature', async () => {
    const file = join(dir, 'report.html');
    const report = htmlReport(happy);
    writeFileSync(file, report);
    const chromium = await launchChromium();
    try {
      const page = await chromium.context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      expect(await page.textContent('#outcome')).toBe('PASSED');
      expect(await page.locator('section.module').count()).toBe(12);
      expect(await page.locator('section.capture').count()).toBe(happy.captures.length);
      const text = (await page.textContent('body')) ?? '';
      expect(text).toContain('"alg": "HS256"');
      expect(text).toContain('"email": "alice@example.com"');
      expect(text).toContain('IdP clock offset');
      expect(await page.locator('img[src^="data:image/jpeg"]').count()).toBeGreaterThan(10);
      // Nothing fetched: only the file itself and its data: images.
      expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    } finally {
      await chromium.close();
    }
    expect(issued.length).toBeGreaterThanOrEqual(happy.captures.length - 1);
    for (const content of [report, jsonReport(happy), junitReport(happy)]) {
      expect(content).not.toContain(IDP_SECRET);
      for (const token of issued) {
        expect(content).not.toContain(token);
        expect(content).not.toContain(token.split('.')[2]);
      }
    }
  });
});
