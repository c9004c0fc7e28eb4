import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Playwright from 'playwright-core';
import type { BrowserContext, Page, Request, Response } from 'playwright-core';
import { fillIn, type BrowserScript, type Task } from '../script';
import type { ConsumeRequest, LogoutTrace, Screenshot, UserSlot } from '../types';
import { describeConsume, isConsume } from './consume-request';
import { parseSetCookie } from './cookie-jar';
import type { DriveRequest, Driven, Driver } from './types';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * playwright-core, loaded when a browser is first launched: requiring it takes 0.3-0.7 s, which
 * every `serve` and every `import` of the library paid at start-up while only `conform` uses it.
 */
function playwright(): typeof Playwright {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a third-party package loaded on first use, not an internal module the boundary rules watch
  return require('playwright-core') as typeof Playwright;
}

export class BrowserSetupError extends Error {
  override readonly name = 'BrowserSetupError';
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function run(page: Page, task: Task, user: UserSlot, timeoutMs: number): Promise<void> {
  if ('fill' in task) await page.fill(task.fill, fillIn(task.value, user), { timeout: timeoutMs });
  else if ('click' in task) await page.click(task.click, { timeout: timeoutMs });
  else if ('waitFor' in task) await page.waitForSelector(task.waitFor, { timeout: timeoutMs });
  else await page.waitForTimeout(task.wait);
}

/** The Set-Cookie lines a receiver route at `url` sent, as Playwright adds them: for their host and path. */
function browserCookies(url: string, setCookies: readonly string[]): Array<{ name: string; value: string; url: string; httpOnly: boolean }> {
  return setCookies.flatMap((line) => {
    const cookie = parseSetCookie(line);
    if (!cookie) return [];
    const { name, value, attributes } = cookie;
    return [{ name, value, url: new URL(attributes.get('path') || '/', url).href, httpOnly: attributes.has('httponly') }];
  });
}

/**
 * A headless Chromium (CHROMIUM_PATH, else Debian's /usr/bin/chromium) driven through the IdP by a
 * browser script: on each page whose URL matches a pattern, its tasks run once. The consume request
 * is read as Chromium sent it; a screenshot is kept after each page's tasks and of the landing page.
 */
export class BrowserDriver implements Driver {
  readonly kind = 'browser' as const;
  /** Cookie names each origin set: a browser keeps cookies per host, not per port, so the IdP's are told from the receiver's by who set them. */
  private readonly setBy = new Map<string, Set<string>>();

  private constructor(
    private readonly context: BrowserContext,
    private readonly dir: string,
    private readonly script: BrowserScript,
  ) {}

  static async launch(script: BrowserScript, executablePath = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM): Promise<BrowserDriver> {
    if (!existsSync(executablePath)) throw new BrowserSetupError(`no browser at ${executablePath}: install chromium, or set CHROMIUM_PATH`);
    const dir = mkdtempSync(join(tmpdir(), 'hjr-conform-'));
    const context = await playwright().chromium.launchPersistentContext(dir, {
      executablePath,
      headless: true,
      args: ARGS,
      viewport: { width: 1000, height: 700 },
    });
    return new BrowserDriver(context, dir, script);
  }

  private async shot(page: Page, label: string): Promise<Screenshot> {
    const jpeg = await page.screenshot({ type: 'jpeg', quality: 40 });
    return { label, dataUrl: `data:image/jpeg;base64,${jpeg.toString('base64')}` };
  }

  async drive(request: DriveRequest): Promise<Driven> {
    if (!request.keepSession) await this.context.clearCookies();
    await this.context.addCookies(request.receiverCookies.flatMap(({ url, setCookies }) => browserCookies(url, setCookies)));
    const page = await this.context.newPage();
    const result: Driven = { consume: null, status: null, landing: null, afterConsume: [], flowMs: null, screenshots: [], error: null };
    let consumeRequest: Request | null = null;
    let consume: ConsumeRequest | null = null;
    // The IdP's last page before the consume route, when it answered an HTTP error: the login ends
    // there (an IdP refusing a forged request, or failing), instead of script tasks waiting out the timeout.
    let refusal: string | null = null;
    const started = Date.now();
    page.on('request', (req) => {
      if (consumeRequest || !req.isNavigationRequest()) return;
      const url = new URL(req.url());
      if (!isConsume(url, request.consume)) return;
      consumeRequest = req;
      result.flowMs = Date.now() - started;
      consume = describeConsume(req.method(), url, req.url(), req.postData(), req.headers()['content-type'] ?? null, request.consume);
    });
    page.on('response', (res) => {
      void this.noteCookies(res);
      if (!res.request().isNavigationRequest() || res.frame() !== page.mainFrame()) return;
      if (res.request() === consumeRequest) {
        result.status = res.status();
        result.landing = res.headers().location ?? null;
      } else if (consumeRequest) result.afterConsume.push({ url: res.url(), status: res.status() });
      else refusal = res.status() >= 400 ? `${res.status()} at ${new URL(res.url()).pathname}` : null;
    });
    const deadline = Date.now() + request.timeoutMs;
    const done = new Set<string>();
    try {
      await page.goto(request.idpUrl, { timeout: request.timeoutMs });
      while (!consumeRequest && Date.now() < deadline) {
        if (refusal) {
          result.screenshots.push(await this.shot(page, 'the IdP refused'));
          return { ...result, error: `the IdP answered ${refusal}; no request reached the consume route` };
        }
        const here = page.url();
        const entry = this.script.pages.find((p, i) => p.match.test(here) && !done.has(`${i} ${here}`));
        if (entry) {
          done.add(`${this.script.pages.indexOf(entry)} ${here}`);
          for (const task of entry.tasks) await run(page, task, request.user, Math.max(1000, deadline - Date.now()));
          // The last task often submits a form: a page caught navigating is shot once it has loaded,
          // and one that cannot be shot is left out (an empty picture in the report says less than none).
          const label = `after the tasks for ${new URL(here).pathname}`;
          const shot = await this.shot(page, label).catch(() =>
            page
              .waitForLoadState()
              .then(() => this.shot(page, label))
              .catch(() => null),
          );
          if (shot) result.screenshots.push(shot);
        }
        await page.waitForTimeout(50);
      }
      if (!consumeRequest) return { ...result, error: `no request reached the consume route in ${request.timeoutMs} ms (last page ${page.url()})` };
      await page.waitForLoadState('load', { timeout: Math.max(1000, deadline - Date.now()) }).catch(() => undefined);
      result.screenshots.push(await this.shot(page, 'landing page'));
      return { ...result, consume };
    } catch (err) {
      return { ...result, consume, error: (err as Error).message.split('\n')[0] ?? 'browser error' };
    } finally {
      await page.close();
    }
  }

  private async noteCookies(res: Response): Promise<void> {
    const origin = new URL(res.url()).origin;
    const names = this.setBy.get(origin) ?? new Set<string>();
    for (const header of await res.headersArray().catch(() => [])) {
      if (header.name.toLowerCase() === 'set-cookie')
        for (const line of header.value.split('\n')) {
          const name = parseSetCookie(line)?.name;
          if (name) names.add(name);
        }
    }
    this.setBy.set(origin, names);
  }

  /** `name=<digest>` of the cookies the IdP set, never their values. */
  private async idpCookies(idpOrigin: string): Promise<string[]> {
    if (!idpOrigin) return [];
    const names = this.setBy.get(idpOrigin) ?? new Set<string>();
    const cookies = await this.context.cookies(idpOrigin);
    return cookies.filter((c) => names.has(c.name)).map((c) => `${c.name}=${createHash('sha256').update(c.value).digest('hex').slice(0, 12)}`);
  }

  async logout(tenantUrl: string, idpOrigin: string, timeoutMs: number): Promise<LogoutTrace> {
    const cookies = () => this.idpCookies(idpOrigin);
    const trace: LogoutTrace = { hops: [], idpCookiesBefore: await cookies(), idpCookiesAfter: [], error: null };
    const page = await this.context.newPage();
    page.on('response', (res) => {
      void this.noteCookies(res);
      if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) trace.hops.push({ url: res.url(), status: res.status() });
    });
    try {
      // The tenant's own sign-out form: its page's CSP lets the form reach the Remote Logout URL.
      await page.goto(`${tenantUrl}/logout`, { timeout: timeoutMs });
      await Promise.all([page.waitForNavigation({ timeout: timeoutMs }), page.click('form[action$="/logout"] button', { timeout: timeoutMs })]);
      await page.waitForLoadState('load', { timeout: timeoutMs }).catch(() => undefined);
    } catch (err) {
      trace.error = (err as Error).message.split('\n')[0] ?? 'browser error';
    } finally {
      await page.close();
    }
    trace.idpCookiesAfter = await cookies();
    return trace;
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
