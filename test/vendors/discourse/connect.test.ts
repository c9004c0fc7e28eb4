import { checkNamed, failedCheck } from '../../helpers/checks';
import { CookieJar } from '../../helpers/cookie-jar';
import { request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { BROWSER, DC_SECRET, answer, hmacHex, startLogin, userFields } from './support';

const CSRF_TEXT = 'Nonce is incorrect, was generated in a different browser session, or has expired';

/** DiscourseConnect through the real receiver: /session/sso issues the nonce, /session/sso_login redeems it. */
let rx: TestReceiver;
beforeAll(async () => {
  const remote = { remoteLoginUrl: 'https://idp.example.com/discourse/sso?app=forum' };
  rx = await startTestReceiver({
    tenants: [
      { id: 'dc', profile: 'discourse', secret: DC_SECRET, ...remote },
      { id: 'dc-long', profile: 'discourse', secret: DC_SECRET, ...remote, options: { discourseNonceLifetimeSeconds: 1800 } },
      { id: 'dc-bare', profile: 'discourse', secret: DC_SECRET },
      { id: 'dc-open', profile: 'discourse', secret: DC_SECRET, ...remote, options: { discourseCsrfProtection: false } },
    ],
  });
});
afterAll(() => rx.stop());

const callback = (query: string, tenant = 'dc', browser = BROWSER) =>
  request(`${rx.url}/t/${tenant}/session/sso_login?${query}`, { json: true, headers: browser.headers() });
const lastAttempt = async (tenant = 'dc') => (await rx.store.searchAttempts({ tenant, limit: 1 }))[0] as { checks: unknown[] };

describe('/session/sso: the receiver starts the login', () => {
  test('redirects to the DiscourseConnect URL with sso (nonce, return_sso_url) and its hex HMAC-SHA256 sig', async () => {
    const { nonce, returnSsoUrl, location } = await startLogin(rx, 'dc');
    expect(`${location.origin}${location.pathname}`).toBe('https://idp.example.com/discourse/sso');
    expect([...location.searchParams.keys()]).toEqual(['app', 'sso', 'sig']);
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(returnSsoUrl).toBe(`${rx.url}/t/dc/session/sso_login`);
    expect((await startLogin(rx, 'dc')).nonce).not.toBe(nonce);
  });

  test('/login goes the same way; without a remote URL the portal explains instead', async () => {
    expect((await request(`${rx.url}/t/dc/login`)).location).toMatch(/^https:\/\/idp\.example\.com\/discourse\/sso\?app=forum&sso=/);
    const bare = await request(`${rx.url}/t/dc-bare/session/sso`);
    expect(bare.status).toBe(404);
  });
});

describe('/session/sso_login?sso=&sig=', () => {
  test('a good answer logs the user in by external_id and lands on the return_path kept with the nonce', async () => {
    const { nonce } = await startLogin(rx, 'dc', '?return_path=/tickets');
    const res = await callback(answer(userFields(nonce, { external_id: 'idp-42', email: 'Dana@Example.com', admin: 'true', moderator: 'maybe' })));
    expect([res.status, res.result, res.location]).toEqual([302, 'accepted', '/t/dc/tickets']);
    const user = (await rx.store.searchUsers({ tenant: 'dc' })).find((u) => u.email === 'dana@example.com');
    expect(user).toMatchObject({ externalId: 'idp-42', name: 'Dana Connect' });
    // "maybe" is neither true nor false: Discourse reads it as nil, so it is not kept.
    expect(JSON.parse(user?.attributes as unknown as string)).toEqual({ username: expect.any(String), admin: true });
    expect(checkNamed((await lastAttempt()).checks, 'nonce_valid')).toMatchObject({ status: 'pass', claim: 'nonce', limit: 600 });
  });

  test('the same answer again: "Nonce has already been used" (nonce_invalid, replayed)', async () => {
    const { nonce } = await startLogin(rx, 'dc');
    const q = answer(userFields(nonce));
    expect((await callback(q)).result).toBe('accepted');
    const again = await callback(q);
    expect([again.status, again.json().error, again.json().message]).toEqual([419, 'nonce_invalid', 'Nonce has already been used']);
    expect(failedCheck(again.json())).toMatchObject({ name: 'nonce_valid', reason: 'replayed' });
  });

  test('a nonce this receiver never issued: "Nonce is incorrect, was generated in a different browser session, or has expired" (419)', async () => {
    const res = await callback(answer(userFields('0123456789abcdef0123456789abcdef')));
    expect([res.status, res.json().error, res.json().message]).toEqual([419, 'nonce_invalid', CSRF_TEXT]);
    expect(failedCheck(res.json())).toMatchObject({ reason: 'not_one_of' });
  });

  test('a nonce is valid 600 s by default; discourseNonceLifetimeSeconds lengthens it', async () => {
    const [short, long] = [await startLogin(rx, 'dc'), await startLogin(rx, 'dc-long')];
    rx.clock.advance(601_000);
    try {
      const late = await callback(answer(userFields(short.nonce)));
      expect(failedCheck(late.json())).toMatchObject({ name: 'nonce_valid', code: 'nonce_invalid', reason: 'expired', actual: 601, limit: 600, unit: 's' });
      expect(late.json().message).toBe(CSRF_TEXT);
      expect((await callback(answer(userFields(long.nonce)), 'dc-long')).result).toBe('accepted');
    } finally {
      rx.clock.advance(-601_000);
    }
  });

  test('a refused answer leaves the nonce unspent: the corrected one is accepted', async () => {
    const { nonce } = await startLogin(rx, 'dc');
    expect((await callback(answer(userFields(nonce), 'wrong-secret'))).result).toBe('signature_invalid');
    expect((await callback(answer(userFields(nonce, { external_id: 'null' })))).result).toBe('claim_invalid');
    expect((await callback(answer(userFields(nonce)))).result).toBe('accepted');
  });

  test('sig: another secret, upper-case hex, or the HMAC of the decoded payload are signature_invalid', async () => {
    const { nonce } = await startLogin(rx, 'dc');
    const fields = new URLSearchParams(userFields(nonce)).toString();
    const sso = Buffer.from(fields).toString('base64');
    const upper = await callback(`sso=${encodeURIComponent(sso)}&sig=${hmacHex(DC_SECRET, sso).toUpperCase()}`);
    expect(failedCheck(upper.json())).toMatchObject({ name: 'signature', code: 'signature_invalid', message: expect.stringContaining('upper case') });
    const decoded = await callback(`sso=${encodeURIComponent(sso)}&sig=${hmacHex(DC_SECRET, fields)}`);
    expect(failedCheck(decoded.json())).toMatchObject({ name: 'signature', message: expect.stringContaining('decoded payload') });
    expect(upper.json().message).toBe('Bad signature for payload');
  });

  test('sso not URL-encoded: a "+" of the base64 arrives as a space and Discourse refuses the payload', async () => {
    const { nonce } = await startLogin(rx, 'dc');
    // Written by hand, a "~" left unescaped: three in a row put 0x7E at a base64 group's last byte, which encodes as "+".
    const fields = `nonce=${nonce}&email=tilde@example.com&external_id=t-1&name=Dana~~~`;
    const sso = Buffer.from(fields).toString('base64');
    expect(sso).toContain('+');
    const res = await callback(`sso=${sso}&sig=${hmacHex(DC_SECRET, sso)}`);
    expect(failedCheck(res.json())).toMatchObject({ name: 'format', code: 'token_malformed', message: expect.stringContaining('"+" arrived as a space') });
  });

  test('external_id: required, and none/nil/blank/null (any case) are refused; email is required', async () => {
    for (const banned of ['none', 'NIL', 'Blank', 'null']) {
      const { nonce } = await startLogin(rx, 'dc');
      expect(failedCheck((await callback(answer(userFields(nonce, { external_id: banned })))).json())).toMatchObject({
        name: 'external_id_allowed',
        code: 'claim_invalid',
        actual: banned,
      });
    }
    const { nonce } = await startLogin(rx, 'dc');
    const { external_id: _id, ...noId } = userFields(nonce);
    expect(failedCheck((await callback(answer(noId))).json())).toMatchObject({ name: 'external_id', code: 'claim_missing' });
    const { email: _email, ...noEmail } = userFields(nonce);
    expect(failedCheck((await callback(answer(noEmail))).json())).toMatchObject({ name: 'email', code: 'claim_missing' });
  });

  test('a return_path with /session/sso in it, or off the site, lands on the home page', async () => {
    for (const path of ['/session/sso_login?x=1', '//evil.example/']) {
      const { nonce } = await startLogin(rx, 'dc', `?return_path=${encodeURIComponent(path)}`);
      expect((await callback(answer(userFields(nonce)))).location).toBe('/t/dc/home');
    }
  });

  test('without sso or sig there is nothing to verify (token_missing)', async () => {
    expect((await callback('sso=abc')).result).toBe('token_missing');
    expect((await callback('sig=abc')).result).toBe('token_missing');
  });

  test('the dry run judges the payload and redeems nothing', async () => {
    const { nonce } = await startLogin(rx, 'dc');
    const q = answer(userFields(nonce));
    const dry = await request(`${rx.url}/_receiver/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'dc', token: new URLSearchParams(q).toString() }),
    });
    expect(dry.json()).toMatchObject({ accepted: true });
    expect(checkNamed(dry.json(), 'nonce_valid')).toMatchObject({ status: 'skip' });
    expect((await callback(q)).result).toBe('accepted');
  });
});

describe('discourseCsrfProtection (discourse_connect_csrf_protection): the nonce belongs to the browser that asked for it', () => {
  test('/session/sso gives a browser one httpOnly cookie and keeps it for its next logins', async () => {
    const browser = new CookieJar();
    const first = await request(`${rx.url}/t/dc/session/sso`);
    expect(first.headers.getSetCookie()).toEqual([expect.stringMatching(/^hjr_browser_dc=[\w-]{43}; path=\/t\/dc; samesite=lax; httponly$/)]);
    browser.absorb(first.headers);
    const second = await request(`${rx.url}/t/dc/session/sso`, { headers: browser.headers() });
    expect(second.headers.getSetCookie()).toEqual([]);
  });

  test('a nonce issued to browser A, answered in browser B: 419, refused as Discourse words it, and left for A', async () => {
    const [a, b] = [new CookieJar(), new CookieJar()];
    await startLogin(rx, 'dc', '', b);
    const { nonce } = await startLogin(rx, 'dc', '', a);
    const q = answer(userFields(nonce));
    const inB = await callback(q, 'dc', b);
    expect([inB.status, inB.json().error, inB.json().message]).toEqual([419, 'nonce_invalid', CSRF_TEXT]);
    expect(failedCheck(inB.json())).toMatchObject({
      name: 'nonce_valid',
      reason: 'other_browser',
      message: expect.stringContaining('another browser session'),
    });
    const noBrowser = await callback(q, 'dc', new CookieJar());
    expect(failedCheck(noBrowser.json())).toMatchObject({ name: 'nonce_valid', reason: 'other_browser' });
    // Discourse leaves the nonce in A's session: A's own answer still logs in.
    expect((await callback(q, 'dc', a)).result).toBe('accepted');
    // Then it is spent for everyone, and "used" comes first (Discourse's used-nonce cache is not per session).
    const late = await callback(q, 'dc', b);
    expect([late.status, late.json().message, failedCheck(late.json())?.reason]).toEqual([419, 'Nonce has already been used', 'replayed']);
  });

  test('discourseCsrfProtection: false: no browser cookie, a nonce from one browser is accepted from another, and the old words', async () => {
    const [a, b] = [new CookieJar(), new CookieJar()];
    const started = await request(`${rx.url}/t/dc-open/session/sso`);
    expect(started.headers.getSetCookie()).toEqual([]);
    const { nonce } = await startLogin(rx, 'dc-open', '', a);
    const res = await callback(answer(userFields(nonce)), 'dc-open', b);
    expect([res.status, res.result]).toEqual([302, 'accepted']);
    const unknown = await callback(answer(userFields('0123456789abcdef0123456789abcdef')), 'dc-open', b);
    expect([unknown.status, unknown.json().message]).toEqual([419, 'Nonce is incorrect, or has expired']);
  });
});
