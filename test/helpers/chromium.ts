/**
 * Chromium driven by playwright-core, for the browser tests: `CHROMIUM_PATH` when set, else
 * Debian's /usr/bin/chromium. There is no skip: without a browser these tests fail and say how to
 * get one.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The browser binary: `CHROMIUM_PATH` (any Chrome or Chromium), else Debian's package. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /**
   * Host names the browser resolves to 127.0.0.1 (`--host-resolver-rules`), so a test can put its
   * IdP on another site than the receiver: 127.0.0.1 on two ports is one site to SameSite cookies.
   */
  loopbackHosts?: string[];
}

/** A fresh profile (its own --user-data-dir) per test file, so no cookie or cache is shared. */
export async function launchChromium(options: LaunchOptions = {}): Promise<TestBrowser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    const from = process.env.CHROMIUM_PATH ? `CHROMIUM_PATH is ${executablePath}, which does not exist` : `${executablePath} is missing`;
    throw new Error(
      `${from}: the browser tests need Chrome or Chromium. On Debian: apt-get update && apt-get install -y --no-install-recommends chromium; ` +
        'or set CHROMIUM_PATH to any Chrome/Chromium binary.',
    );
  }
  const hosts = options.loopbackHosts ?? [];
  const args = hosts.length > 0 ? [...ARGS, `--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`] : ARGS;
  const userDataDir = mkdtempSync(join(tmpdir(), 'hjr-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args, viewport: { width: 1400, height: 1000 } });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** What a page did that a test must see: JS dialogs (an XSS would open one), errors, CSP reports. */
export interface PageWatch {
  dialogs: string[];
  errors: string[];
}

export function watch(page: Page): PageWatch {
  const seen: PageWatch = { dialogs: [], errors: [] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (err) => seen.errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/favicon/.test(msg.text())) seen.errors.push(`console: ${msg.text()}`);
  });
  return seen;
}

/** A tiny HTTP server on 127.0.0.1 (a stand-in IdP); `handler` answers every request. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err: Error) => {
      res.statusCode = 500;
      res.end(err.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the browser keeps its connections alive
      }),
  };
}
