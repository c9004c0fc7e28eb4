/**
 * `serve --log-format pretty|json` on the real built CLI: one line per attempt a person can read
 * (the verdict, its detail or warnings, the user, the debugger opened on the attempt), colours by
 * NO_COLOR / FORCE_COLOR, the same fields as JSON, and the JSON ready line a script reads the bound
 * URL of `--port 0` from. No line carries a token, a secret or a query string.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consumeUrl, freshJti, request, sign, type Answer } from '../helpers/receiver';
import { assertBuilt, cleanup, serve, startCli, stop, tempDir, type CliProcess } from './harness';
import { happyfoxNow, nowSeconds } from './tokens';

jest.setTimeout(30_000);
beforeAll(assertBuilt);
afterEach(cleanup);

const SECRET = 'log-format-secret-Hq4Zp7Xw2Lr9';
const ZENDESK_SECRET = 'log-format-zendesk-Vb3Mk7Pd1Hs4';
const LOGOUT_URL = 'https://idp.example.com/logout';
const ESC = '\u001b';

/** A config file: the default HappyFox tenant and a Zendesk one with a Remote Logout URL. */
function configFile(): string {
  const dir = tempDir();
  const path = join(dir, 'receiver.json');
  writeFileSync(
    path,
    JSON.stringify({
      server: { port: 0, db: ':memory:' },
      tenants: [
        { id: 'default', profile: 'happyfox', secret: SECRET },
        { id: 'zen', profile: 'zendesk', secret: ZENDESK_SECRET, remoteLogoutUrl: LOGOUT_URL },
      ],
    }),
  );
  return path;
}

interface Logins {
  tokens: string[];
  /** Attempt ids from X-Receiver-Attempt: accepted, refused, warned, Zendesk refused. */
  ids: { accepted: string; refused: string; warned: string; zendesk: string };
  /** The age the refused token's iat had when it was judged (187 s, or 188 if a second turned). */
  refusedAge: RegExp;
}

const attemptOf = (res: Answer): string => {
  const id = res.headers.get('x-receiver-attempt');
  if (!id) throw new Error(`no X-Receiver-Attempt on a ${res.status} ${res.result} answer`);
  return id;
};

/** An accepted login, a refused one (iat 187 s old), an accepted one with a warning, a refused Zendesk form post. */
async function drive(url: string): Promise<Logins> {
  const accepted = await happyfoxNow(SECRET, { email: 'ok@example.com' });
  const issued = nowSeconds() - 187;
  const refused = await happyfoxNow(SECRET, { email: 'late@example.com', iat: issued });
  const warned = await happyfoxNow(SECRET, { email: 'warned@example.com' });
  const zendesk = await sign({ iat: nowSeconds() - 400, jti: freshJti(), email: 'zoe@example.com', name: 'Zoe' }, ZENDESK_SECRET);
  const a = await request(consumeUrl(url, '/jwt/', { token: accepted, return_to: '/tickets' }));
  expect([a.status, a.result]).toEqual([302, 'accepted']);
  const r = await request(consumeUrl(url, '/jwt/', { token: refused }));
  const judgedAt = nowSeconds();
  expect([r.status, r.result]).toEqual([401, 'token_expired']);
  const w = await request(consumeUrl(url, '/jwt/', { token: warned, return_to: '//evil.example/steal' }));
  expect([w.status, w.result, w.location]).toEqual([302, 'accepted', '/home']);
  const z = await request(`${url}/t/zen/access/jwt`, { method: 'POST', body: new URLSearchParams({ jwt: zendesk }) });
  expect([z.status, z.result]).toEqual([302, 'token_expired']);
  const ages = [...new Set([judgedAt - issued - 1, judgedAt - issued])].filter((n) => n >= 187);
  return {
    tokens: [accepted, refused, warned, zendesk],
    ids: { accepted: attemptOf(a), refused: attemptOf(r), warned: attemptOf(w), zendesk: attemptOf(z) },
    refusedAge: new RegExp(`iat is (${ages.join('|')}) s old`),
  };
}

/** Removes SGR colour sequences (only to compare a coloured line with its plain twin). */
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The lines of `text` that end with the attempt's debugger link (a JSON line: that carry its id). */
const linesOf = (text: string, id: string) => text.split('\n').filter((l) => plain(l).endsWith(`/_receiver/#attempt=${id}`) || l.includes(`"attempt":${id},`));

/** What must never reach the log (the banner's consume URLs show a `?token=<...>` placeholder, so pass the log only). */
function expectNothingSecret(output: string, logins: Logins): void {
  for (const token of logins.tokens) {
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split('.')[2]); // not even the signature
  }
  expect(output).not.toContain(SECRET);
  expect(output).not.toContain(ZENDESK_SECRET);
  expect(output).not.toMatch(/[?&](token|jwt|return_to)=/); // no query string
  expect(output).not.toContain('evil.example');
}

async function waitForLines(proc: CliProcess, ids: string[]): Promise<void> {
  for (const id of ids) await proc.waitFor(new RegExp(`#attempt=${id}\\b`));
}

describe('--log-format pretty', () => {
  test('one line per attempt: time, tenant, route, ✔/✘, code, the detail or the warnings, the user, the debugger link', async () => {
    const rx = await serve(['--config', configFile(), '--log-format', 'pretty'], { env: { NO_COLOR: '1', FORCE_COLOR: '' } });
    const logins = await drive(rx.url);
    const { ids } = logins;
    await request(`${rx.url}/home`);
    await request(`${rx.url}/_receiver/attempts`); // the debugger's polling: debug level, not shown
    await waitForLines(rx.proc, Object.values(ids));
    await rx.proc.waitFor(/ GET \/home /);
    const out = rx.proc.stdout();
    const link = (id: string) => `${rx.url}/_receiver/#attempt=${id}`;

    for (const id of Object.values(ids)) expect(linesOf(out, id)).toHaveLength(1);
    const [accepted] = linesOf(out, ids.accepted);
    expect(accepted).toMatch(/^\d\d:\d\d:\d\d {2}/);
    expect(accepted?.slice(10)).toBe(`default  GET /jwt/  ✔ accepted  ok@example.com  ${link(ids.accepted)}`);

    const [refused] = linesOf(out, ids.refused);
    expect(refused?.slice(10)).toMatch(
      new RegExp(
        `^default {2}GET /jwt/ {2}✘ token_expired {2}iat_window: ${logins.refusedAge.source}; HappyFox accepts 120 s \\(\\d+ s too late: [^\\n]*\\) {2}late@example\\.com {2}${link(ids.refused).replace(/[.?#/]/g, '\\$&')}$`,
      ),
    );

    const [warned] = linesOf(out, ids.warned);
    expect(warned?.slice(10)).toBe(
      `default  GET /jwt/  ✔ accepted  ⚠ return_to: return_to was refused (it is a protocol-relative URL to another host); landing on /home  warned@example.com  ${link(ids.warned)}`,
    );

    // Zendesk's redirect says only `message` and `kind`; the line has the verdict and the way to it.
    const [zendesk] = linesOf(out, ids.zendesk);
    expect(zendesk?.slice(10)).toMatch(
      /^zen {2}POST \/t\/zen\/access\/jwt {2}✘ token_expired {2}iat_window: iat is 40[01] s old; Zendesk accepts \|now - iat\| up to 180 s \(iatSkewSeconds\)/,
    );
    expect(zendesk).toContain(`zoe@example.com  ${link(ids.zendesk)}`);

    // The link opens on the attempt it names: the store has that verdict under that id.
    const detail = (await request(`${rx.url}/_receiver/attempts/${ids.refused}`, { json: true })).json();
    expect(detail).toMatchObject({ id: Number(ids.refused), code: 'token_expired', email: 'late@example.com' });

    // Other requests: a short line; the inspection API not at info level.
    expect(out).toMatch(/^\d\d:\d\d:\d\d {2}GET \/home {2}200 {2}[\d.]+ ms$/m);
    expect(out).not.toContain('/_receiver/attempts');
    expect(out).not.toContain(ESC);
    expect(out).not.toMatch(/"level":/);
    expect(out.startsWith(rx.banner)).toBe(true);
    expectNothingSecret(out.slice(rx.banner.length) + rx.proc.stderr(), logins);
  });

  test('FORCE_COLOR=1 colours the line (✔ green, ✘ red, ⚠ yellow); its text is the NO_COLOR line', async () => {
    const rx = await serve(['--config', configFile(), '--log-format', 'pretty'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    const logins = await drive(rx.url);
    await waitForLines(rx.proc, Object.values(logins.ids));
    const out = rx.proc.stdout();
    const [accepted] = linesOf(out, logins.ids.accepted);
    const [refused] = linesOf(out, logins.ids.refused);
    const [warned] = linesOf(out, logins.ids.warned);
    expect(accepted).toContain(`${ESC}[32m✔ accepted${ESC}[39m`);
    expect(refused).toMatch(new RegExp(`${ESC}\\[31m(${ESC}\\[1m)?✘ token_expired`));
    expect(warned).toContain(`${ESC}[33m⚠ return_to: `);
    expect(plain(accepted ?? '').slice(10)).toBe(`default  GET /jwt/  ✔ accepted  ok@example.com  ${rx.url}/_receiver/#attempt=${logins.ids.accepted}`);
    expect(rx.banner).not.toContain(ESC); // the banner stays plain text
    expectNothingSecret(plain(out.slice(rx.banner.length)), logins);
  });

  test('NO_COLOR wins over FORCE_COLOR', async () => {
    const rx = await serve(['--config', configFile(), '--log-format', 'pretty'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    const logins = await drive(rx.url);
    await waitForLines(rx.proc, Object.values(logins.ids));
    expect(rx.proc.stdout()).not.toContain(ESC);
  });
});

describe('--log-format json', () => {
  async function serveJson(args: string[], env: Record<string, string> = {}): Promise<{ proc: CliProcess; ready: Record<string, any> }> {
    const proc = startCli(['serve', '--config', configFile(), ...args], { env });
    const [line] = await proc.waitFor(/^\{"event":"ready".*\n/);
    return { proc, ready: JSON.parse(line as string) };
  }

  test('a JSON ready line instead of the banner, with the bound URL of --port 0; attempt lines with every field', async () => {
    const { proc, ready } = await serveJson(['--log-format', 'json', '--port', '0']);
    const url = ready.url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:0$/);
    expect(ready).toMatchObject({ event: 'ready', debugger: `${url}/_receiver/`, api: 'loopback', database: ':memory:' });
    expect(Object.keys(ready.tenants)).toEqual(['default', 'zen']);
    expect(ready.tenants.zen).toMatchObject({
      profile: 'zendesk',
      url: `${url}/t/zen`,
      consume: [{ methods: ['POST', 'GET'], url: `${url}/t/zen/access/jwt`, tokenParam: 'jwt' }],
      login: `${url}/t/zen/login`,
      logout: `${url}/t/zen/logout`,
      window: '|now - iat| at most 180 s, past or future; exp and nbf when present (5 s tolerance)',
    });
    expect(ready.tenants.default.generatedSecret).toBeUndefined(); // configured secrets are never printed
    expect((await request(`${url}/_receiver/health`)).status).toBe(200);

    const logins = await drive(url);
    await waitForLines(proc, Object.values(logins.ids));
    expect(await stop(proc)).toEqual({ code: 0, signal: null });
    const lines = proc.stdout().trim().split('\n');
    expect(proc.stdout()).not.toContain('listening on');
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>); // every line is JSON
    expect(records.at(-1)).toEqual({ event: 'stopping', signal: 'SIGTERM' });
    const attempt = (id: string) => records.find((r) => r.msg === 'attempt' && String(r.attempt) === id);
    const common = {
      level: 30,
      msg: 'attempt',
      method: 'GET',
      path: '/jwt/',
      route: 'GET /jwt/',
      tenant: 'default',
      time: expect.any(Number),
      ms: expect.any(Number),
      pid: expect.any(Number),
      hostname: expect.any(String),
    };
    expect(attempt(logins.ids.accepted)).toEqual({
      ...common,
      status: 302,
      accepted: true,
      code: 'accepted',
      check: null,
      detail: null,
      warnings: [],
      user: 'ok@example.com',
      attempt: Number(logins.ids.accepted),
      debuggerUrl: `${url}/_receiver/#attempt=${logins.ids.accepted}`,
    });
    expect(attempt(logins.ids.refused)).toEqual({
      ...common,
      status: 401,
      accepted: false,
      code: 'token_expired',
      check: 'iat_window',
      detail: expect.stringMatching(logins.refusedAge),
      warnings: [],
      user: 'late@example.com',
      attempt: Number(logins.ids.refused),
      debuggerUrl: `${url}/_receiver/#attempt=${logins.ids.refused}`,
    });
    expect(attempt(logins.ids.warned)).toMatchObject({
      accepted: true,
      code: 'accepted',
      check: null,
      warnings: [{ check: 'return_to', detail: 'return_to was refused (it is a protocol-relative URL to another host); landing on /home' }],
    });
    expect(attempt(logins.ids.zendesk)).toMatchObject({
      tenant: 'zen',
      route: 'POST /t/zen/access/jwt',
      status: 302,
      code: 'token_expired',
      check: 'iat_window',
      user: 'zoe@example.com',
    });
    expectNothingSecret(proc.stdout() + proc.stderr(), logins);
  });

  test("HJR_LOG_FORMAT=json is the flag's twin; without either, a pipe gets JSON lines and the human banner", async () => {
    const { ready } = await serveJson([], { HJR_LOG_FORMAT: 'json' });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const rx = await serve(['--config', configFile()]);
    expect(rx.banner).toContain(`listening on ${rx.url}`);
    const logins = await drive(rx.url);
    await waitForLines(rx.proc, [logins.ids.accepted]);
    expect(JSON.parse(linesOf(rx.proc.stdout(), logins.ids.accepted)[0] as string)).toMatchObject({ msg: 'attempt', code: 'accepted', user: 'ok@example.com' });
  });

  test('an unknown format is refused by name', async () => {
    const proc = startCli(['serve', '--config', configFile(), '--log-format', 'yaml']);
    expect((await proc.exited()).code).not.toBe(0);
    expect(proc.stderr()).toMatch(/--log-format <format>' argument 'yaml' is invalid\. Allowed choices are pretty, json/);
  });
});
