/**
 * Retakes docs/debugger.png, the README's picture of the debugger: a receiver with the out-of-the-box
 * HappyFox tenant, one accepted login and one refused (a token 187 s old), the debugger opened on the
 * refusal in Chromium (CHROMIUM_PATH, else /usr/bin/chromium). Run with `npm run screenshot`, which
 * builds the package first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
// The built package (its own `exports`, resolved by Node at run time), as a user's script would load it.
import { mint, startReceiver } from 'helpdesk-jwt-receiver';

const OUT = resolve(__dirname, '..', '..', 'docs', 'debugger.png');
const SECRET = 'screenshot-secret-0123456789abcdef';
const AT = Date.UTC(2026, 0, 15, 12, 0, 0);

async function main(): Promise<void> {
  const running = await startReceiver({ secret: SECRET });
  running.clock.freeze(AT);
  const dir = mkdtempSync(join(tmpdir(), 'hjr-screenshot-'));
  const browser = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  try {
    const ok = await mint({ profile: 'happyfox', secret: SECRET, email: 'jane@example.com', name: 'Jane Doe', at: AT - 3_000 });
    const late = await mint({ profile: 'happyfox', secret: SECRET, email: 'john@example.com', name: 'John Smith', at: AT - 187_000 });
    await fetch(`${running.url}/jwt/?token=${ok.token}&return_to=/tickets`, { redirect: 'manual' });
    const refused = await fetch(`${running.url}/jwt/?token=${late.token}`, { redirect: 'manual' });
    const page = await browser.newPage();
    await page.goto(`${running.url}/_receiver/#attempt=${refused.headers.get('x-receiver-attempt')}`);
    await page.locator('details.attempt[open] section', { hasText: 'Checks' }).first().waitFor();
    await page.screenshot({ path: OUT, fullPage: false });
    process.stdout.write(`wrote ${OUT}\n`);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
    await running.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
