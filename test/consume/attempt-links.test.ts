/**
 * A verdict is one click away from every answer of a consume route, without touching the vendor's
 * own answer: `X-Receiver-Attempt` and `Link: </_receiver/#attempt=N>; rel="describedby"` headers
 * (Zendesk's redirect keeps only `message` and `kind` in its query), the refusal page's
 * "Attempt #N" as a link to the debugger, the JSON forms' `debugger` URL.
 */
import { IAT_MESSAGE } from '../../src/vendors/zendesk/contract';
import { SECRET, T0, T0_MS, consumeUrl, happyfoxToken, request, sign, startTestReceiver, type Answer, type TestReceiver } from '../helpers/receiver';
import { postForm, queryOf, zendeskToken } from '../vendors/zendesk/support';

const LOGOUT_URL = 'https://idp.example.com/zendesk/logout';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'zen', profile: 'zendesk', secret: SECRET, remoteLogoutUrl: LOGOUT_URL },
      { id: 'bare', profile: 'zendesk', secret: SECRET },
      { id: 'zoho', profile: 'zoho-asap', secret: SECRET },
    ],
  });
});
afterAll(() => rx.stop());

/** The attempt id an answer names, checked against its Link header. */
function attemptOf(res: Answer): number {
  const id = res.headers.get('x-receiver-attempt');
  expect(id).toMatch(/^\d+$/);
  expect(res.headers.get('link')).toBe(`</_receiver/#attempt=${id}>; rel="describedby"`);
  return Number(id);
}

/** The attempt as the debugger reads it. */
async function stored(
  id: number,
): Promise<{ id: number; code: string | null; accepted: boolean; email: string | null; checks: Array<{ name: string; status: string }> }> {
  const res = await request(`${rx.url}/_receiver/attempts/${id}`, { json: true });
  expect(res.status).toBe(200);
  return res.json();
}

describe('Zendesk: the redirect to the Remote Logout URL', () => {
  test('keeps only message and kind=error in its query; the attempt is in the headers', async () => {
    const res = await postForm(`${rx.url}/t/zen/access/jwt`, { jwt: await zendeskToken({ iat: T0 - 181, email: 'late@example.com' }) });
    expect([res.status, res.result]).toEqual([302, 'token_expired']);
    expect(res.location?.startsWith(`${LOGOUT_URL}?`)).toBe(true);
    expect(queryOf(res.location)).toEqual([
      ['message', IAT_MESSAGE],
      ['kind', 'error'],
    ]);
    const id = attemptOf(res);
    const attempt = await stored(id);
    expect(attempt).toMatchObject({ id, code: 'token_expired', accepted: false, email: 'late@example.com' });
    expect(attempt.checks.find((c) => c.status === 'fail')?.name).toBe('iat_window');
    // The Link resolves against the request's URL to the debugger on this receiver.
    expect(new URL(`/_receiver/#attempt=${id}`, `${rx.url}/t/zen/access/jwt`).href).toBe(`${rx.url}/_receiver/#attempt=${id}`);
  });

  test('without a Remote Logout URL, the JSON 401 carries the debugger URL of the attempt', async () => {
    const res = await postForm(`${rx.url}/t/bare/access/jwt`, { jwt: await zendeskToken({ iat: T0 - 181 }) });
    expect([res.status, res.result]).toEqual([401, 'token_expired']);
    const id = attemptOf(res);
    expect(res.json()).toMatchObject({
      error: "Couldn't authenticate you",
      code: 'token_expired',
      check: 'iat_window',
      attempt: id,
      debugger: `${rx.url}/_receiver/#attempt=${id}`,
    });
  });

  test('an accepted login names its attempt too', async () => {
    const res = await postForm(`${rx.url}/t/zen/access/jwt`, { jwt: await zendeskToken({ email: 'ok@example.com' }) });
    expect([res.status, res.result]).toEqual([302, 'accepted']);
    expect(await stored(attemptOf(res))).toMatchObject({ accepted: true, code: null, email: 'ok@example.com' });
  });
});

describe('the refusal page', () => {
  test('"Attempt #N" is a link to the debugger opened on that attempt', async () => {
    const res = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken({ iat: T0 - 187 }) }));
    expect([res.status, res.result]).toEqual([401, 'token_expired']);
    const id = attemptOf(res);
    expect(res.body).toContain(`<a class="attempt" href="/_receiver/#attempt=${id}">Attempt #${id}</a> in the debugger`);
    expect((await stored(id)).code).toBe('token_expired');
    // The page it links to is the debugger.
    const page = await request(`${rx.url}/_receiver/`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.body).toContain('id="attempt-linked"');
  });

  test('the JSON form carries the debugger URL', async () => {
    const res = await request(consumeUrl(rx.url, '/t/default/jwt/', { token: await happyfoxToken({}, 'another-secret-0123456789') }), { json: true });
    const id = attemptOf(res);
    expect(res.json()).toMatchObject({ error: 'signature_invalid', check: 'signature', attempt: id, debugger: `${rx.url}/_receiver/#attempt=${id}` });
  });

  test('a refusal before any token (no token parameter) is an attempt with its link', async () => {
    const res = await request(`${rx.url}/jwt/`);
    expect(res.result).toBe('token_missing');
    const id = attemptOf(res);
    expect(res.body).toContain(`href="/_receiver/#attempt=${id}"`);
  });

  test('a request refused before it is an attempt (HEAD) names none', async () => {
    const res = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }), { method: 'HEAD' });
    expect(res.result).toBe('method_not_allowed');
    expect(res.headers.get('x-receiver-attempt')).toBeNull();
    expect(res.headers.get('link')).toBeNull();
  });
});

describe('the Zoho ASAP exchange', () => {
  test('the access-token answer and the JSON refusal name their attempts', async () => {
    const claims = { email: 'ana@example.com', email_verified: true, not_before: T0_MS, not_after: T0_MS + 300_000 };
    const ok = await request(`${rx.url}/t/zoho/asap/jwt`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jwt: await sign(claims) }),
    });
    expect([ok.status, ok.result]).toEqual([200, 'accepted']);
    expect(await stored(attemptOf(ok))).toMatchObject({ accepted: true, email: 'ana@example.com' });

    const late = { ...claims, not_before: T0_MS - 900_000, not_after: T0_MS - 600_000 };
    const refused = await request(`${rx.url}/t/zoho/asap/jwt`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jwt: await sign(late) }),
    });
    expect(refused.result).toBe('token_expired');
    const id = attemptOf(refused);
    expect(refused.json()).toMatchObject({ error: 'token_expired', attempt: id, debugger: `${rx.url}/_receiver/#attempt=${id}` });
  });
});
