/**
 * The debugger on the logins the receiver starts (Freshworks' state and nonce, DiscourseConnect's
 * nonce) in real Chromium: the login starts at the receiver's /login, the IdP's page (served here,
 * on another site) answers, the browser comes back to the receiver, and the debugger shows the
 * attempt with its checks and its single-use values: issued and redeemed, used again, expired, or
 * brought back by another browser.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT } from 'jose';
import type { Page } from 'playwright-core';
import { launchChromium, serve, watch, type PageWatch, type TestBrowser } from '../helpers/chromium';
import { IDP_HOST } from '../helpers/idp';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver';

jest.setTimeout(90_000);

const DC_SECRET = 'debugger-dc-secret-0123456789';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const hex = (text: string) => createHmac('sha256', DC_SECRET).update(text).digest('hex');

let browser: TestBrowser;
let rx: TestReceiver;
let idp: { url: string; close(): Promise<void> };
/** The last answer the IdP sent back (the URL of the callback), so a test can replay it elsewhere. */
let lastCallback = '';
/** When set, the IdP shows the callback as a link instead of redirecting to it (a test carries it to another browser, or waits). */
let hold = false;

/** The IdP: answers each vendor's start with the signed-in user, at once. */
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const q = url.searchParams;
  const redirect = (location: string): void => {
    lastCallback = location;
    if (hold) res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>IdP</title><h1 id="idp-held">Signed in at the IdP</h1>');
    else res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' }).end();
  };
  if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
  if (url.pathname === '/dc/login') {
    const sent = new URLSearchParams(Buffer.from(q.get('sso') as string, 'base64').toString('utf8'));
    const fields = { nonce: sent.get('nonce') as string, email: 'dana@example.com', external_id: 'dana-1', name: 'Dana Connect' };
    const answer = Buffer.from(new URLSearchParams(fields).toString()).toString('base64');
    return redirect(`${sent.get('return_sso_url')}?${new URLSearchParams({ sso: answer, sig: hex(answer) })}`);
  }
  if (url.pathname === '/fw/authorize') {
    const claims = { sub: 'fran-1', email: 'fran@example.com', iat: Math.floor(rx.clock.nowMs() / 1000), nonce: q.get('nonce') };
    const idToken = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(rsa.privateKey);
    return redirect(`${q.get('redirect_uri')}?${new URLSearchParams({ state: q.get('state') as string, id_token: idToken })}`);
  }
  res.writeHead(404).end('not found');
}

beforeAll(async () => {
  browser = await launchChromium({ loopbackHosts: [IDP_HOST] });
  const server = await serve(handle);
  idp = { url: `http://${IDP_HOST}:${new URL(server.url).port}`, close: server.close };
  rx = await startTestReceiver(
    {
      tenants: [
        { id: 'dc', profile: 'discourse', secret: DC_SECRET, remoteLoginUrl: `${idp.url}/dc/login` },
        {
          id: 'fw',
          profile: 'freshworks',
          remoteLoginUrl: `${idp.url}/fw/authorize`,
          options: { publicKey: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
        },
      ],
    },
    { freezeAt: null },
  );
});
afterAll(async () => {
  await browser?.close();
  await rx?.stop();
  await idp?.close();
});

const pages: Array<{ page: Page; seen: PageWatch }> = [];
afterEach(async () => {
  for (const { page, seen } of pages.splice(0)) {
    await page.close();
    expect(seen).toEqual({ dialogs: [], errors: [] });
  }
});

async function newPage(context = browser.context): Promise<Page> {
  const page = await context.newPage();
  pages.push({ page, seen: watch(page) });
  return page;
}

/** What the user sees in `selector` (innerText), white space collapsed. */
const text = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

/** The debugger opened on attempt `id`, its detail loaded. */
async function openAttempt(id: number): Promise<Page> {
  const page = await newPage();
  await page.goto(`${rx.url}/_receiver/#attempt=${id}`);
  await page.locator(`details.attempt[data-id="${id}"] .attempt-body .result`).waitFor();
  return page;
}

afterEach(() => {
  hold = false;
});

/** Signs in at the tenant's /login in `page`: to the IdP and, unless the IdP holds, back to the portal. */
async function startLogin(page: Page, tenant: string): Promise<void> {
  if (hold) {
    await page.goto(`${rx.url}/t/${tenant}/login`);
    await page.locator('#idp-held').waitFor();
  } else {
    await Promise.all([page.waitForURL(`${rx.url}/t/${tenant}/home`), page.goto(`${rx.url}/t/${tenant}/login`)]);
  }
}

/** A refusal page is an error status, which Chromium logs once: expected here, and taken off what the page saw. */
function expectRefusalLogged(page: Page, status: string): void {
  const seen = pages.find((p) => p.page === page)?.seen as PageWatch;
  expect(seen.errors).toEqual([`console: Failed to load resource: the server responded with a status of ${status}`]);
  seen.errors.length = 0;
}

const newestAttempt = async (tenant: string): Promise<number> => (await rx.store.searchAttempts({ tenant, limit: 1 }))[0]!.id;

/** The debugger's row of single-use value `check`: its attributes and what it says. */
async function onceRow(page: Page, id: number, check: string): Promise<{ outcome: string | null; now: string | null; text: string }> {
  const row = page.locator(`details.attempt[data-id="${id}"] table.once-values tr[data-check="${check}"]`);
  return {
    outcome: await row.getAttribute('data-outcome'),
    now: await row.getAttribute('data-now'),
    text: (await row.innerText()).replace(/\s+/g, ' ').trim(),
  };
}

const sections = async (page: Page, id: number): Promise<string[]> => page.locator(`details.attempt[data-id="${id}"] section.part h3`).allInnerTexts();

test('Freshworks: the attempt shows its checks and its state and nonce, issued and redeemed; the same callback again shows them used', async () => {
  const page = await newPage();
  await startLogin(page, 'fw');
  const id = await newestAttempt('fw');
  let dbg = await openAttempt(id);
  const body = `details.attempt[data-id="${id}"] .attempt-body`;
  expect(await text(dbg, `${body} .result`)).toBe('Accepted');
  expect(await text(dbg, `${body} tr.check[data-check="state"]`)).toContain('state issued by /login, now used');
  expect(await sections(dbg, id)).toEqual(['Checks', 'Header', 'Claims', 'Single-use values', 'User', 'Session', 'Request']);
  const state = await onceRow(dbg, id, 'state');
  expect(state).toMatchObject({ outcome: 'redeemed', now: 'used' });
  expect(state.text).toContain('oidc-state');
  expect(state.text).toContain(new URL(lastCallback).searchParams.get('state') as string);
  expect(state.text).toContain('issued by this receiver, redeemed by this login');
  expect(await onceRow(dbg, id, 'nonce_match')).toMatchObject({ outcome: 'redeemed', now: 'used' });

  // The same callback again, in the same browser: refused, the state already used.
  expect((await page.goto(lastCallback))?.status()).toBe(401);
  expectRefusalLogged(page, '401 (Unauthorized)');
  const again = await newestAttempt('fw');
  expect(again).toBeGreaterThan(id);
  dbg = await openAttempt(again);
  expect(await text(dbg, `details.attempt[data-id="${again}"] .result`)).toMatch(/^Refused: nonce_invalid at check state: this state was used \d+ s ago/);
  expect(await onceRow(dbg, again, 'state')).toMatchObject({ outcome: 'used', now: 'used' });
  expect((await onceRow(dbg, again, 'state')).text).toContain('already used by an earlier login');
});

test("DiscourseConnect: a nonce issued to browser A and brought back by browser B is refused as another browser's and left live; A then logs in with it", async () => {
  const other = await launchChromium();
  try {
    hold = true;
    const a = await newPage();
    await startLogin(a, 'dc');
    const b = await newPage(other.context);
    const refused = await b.goto(lastCallback);
    expect(refused?.status()).toBe(419);
    expectRefusalLogged(b, '419 (unknown)');
    const id = await newestAttempt('dc');
    let dbg = await openAttempt(id);
    expect(await text(dbg, `details.attempt[data-id="${id}"] .result`)).toMatch(
      /^Refused: nonce_invalid at check nonce_valid: this nonce was issued \d+ s ago to another browser session \(discourseCsrfProtection\)/,
    );
    expect(await dbg.locator(`details.attempt[data-id="${id}"] tr.check.fail`).getAttribute('data-check')).toBe('nonce_valid');
    const row = await onceRow(dbg, id, 'nonce_valid');
    expect(row).toMatchObject({ outcome: 'other_browser', now: 'live' });
    expect(row.text).toContain('issued to another browser: refused here, left for that browser');
    expect(row.text).toContain('live: issued, not redeemed: still usable');

    await Promise.all([a.waitForURL(`${rx.url}/t/dc/home`), a.goto(lastCallback)]);
    const accepted = await newestAttempt('dc');
    dbg = await openAttempt(accepted);
    expect(await text(dbg, `details.attempt[data-id="${accepted}"] .result`)).toBe('Accepted');
    expect(await onceRow(dbg, accepted, 'nonce_valid')).toMatchObject({ outcome: 'redeemed', now: 'used' });
    // The refused attempt, read again, now finds its nonce used.
    dbg = await openAttempt(id);
    expect(await onceRow(dbg, id, 'nonce_valid')).toMatchObject({ outcome: 'other_browser', now: 'used' });
  } finally {
    await other.close();
  }
});

test('DiscourseConnect: a nonce brought back after its 600 s is shown expired', async () => {
  hold = true;
  const a = await newPage();
  await startLogin(a, 'dc');
  rx.clock.advance(601_000);
  try {
    const res = await a.goto(lastCallback);
    expect(res?.status()).toBe(419);
    expectRefusalLogged(a, '419 (unknown)');
    const id = await newestAttempt('dc');
    const dbg = await openAttempt(id);
    expect(await text(dbg, `details.attempt[data-id="${id}"] .result`)).toMatch(/at check nonce_valid: this nonce was issued 60\d s ago/);
    const row = await onceRow(dbg, id, 'nonce_valid');
    expect(row.outcome).toBe('expired');
    expect(row.text).toMatch(/expired issued \S+ \S+ 60\d s ago/);
  } finally {
    rx.clock.advance(-601_000);
  }
});
