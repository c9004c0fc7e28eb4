import { SECRET, consumeUrl, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { api, expectJson } from '../api/support';

/**
 * White space around a token (read from a file, `echo` output, a copied line) is its own finding,
 * not the advice about "+" in query strings; a space inside keeps that advice, and a line break
 * inside is a wrapped copy. All are token_malformed, as before.
 */

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({ tenants: [{ id: 'default', profile: 'happyfox', secret: SECRET }] });
});
afterAll(() => rx.stop());

async function formatRefusal(token: string) {
  const res = await request(consumeUrl(rx.url, '/jwt/', { token }), { json: true });
  expect({ status: res.status, result: res.result }).toEqual({ status: 400, result: 'token_malformed' });
  const body = res.json();
  expect(body.check).toBe('format');
  // The token is never echoed back, damaged or not.
  expect(res.body).not.toContain(token.trim());
  return body;
}

const STRIP_TOKEN =
  'remove the white space around the token before sending it: Python: token.strip(); Ruby: token.strip; PHP: trim($token); Java: token.strip(); C#: token.Trim(); Node: token.trim(). In a shell, $(cat token.txt) drops the final newline; printf %s "$TOKEN" writes none (echo adds one)';

describe('white space around the token', () => {
  test('a trailing newline: its own finding, not the "+" advice', async () => {
    const body = await formatRefusal(`${await happyfoxToken()}\n`);
    expect(body).toMatchObject({
      error: 'token_malformed',
      finding: 'token_whitespace_around',
      detail: 'the token ends with a newline (a token read from a file, echo output or a copied line?); send the token without it',
      hint: STRIP_TOKEN,
    });
    expect(body.detail).not.toContain('+');
  });

  test.each([
    ['a CRLF line ending', (t: string) => `${t}\r\n`, 'the token ends with a CRLF line ending (a token read from a file, echo output or a copied line?)'],
    ['a leading space', (t: string) => ` ${t}`, 'the token starts with a space (a token read from a file, echo output or a copied line?)'],
    ['a newline on both sides', (t: string) => `\n${t}\n`, 'the token starts with a newline and ends with a newline'],
    ['two trailing newlines', (t: string) => `${t}\n\n`, 'the token ends with 2 white-space characters (newline)'],
    [
      'a final space: a copied line, or a final "+" decoded',
      (t: string) => `${t} `,
      'the token ends with a space (a copied line, or a final "+" a query string decoded?)',
    ],
  ])('%s', async (_label, damage, start) => {
    const body = await formatRefusal(damage(await happyfoxToken()));
    expect(body).toMatchObject({ finding: 'token_whitespace_around', hint: STRIP_TOKEN });
    expect(body.detail.startsWith(start)).toBe(true);
  });

  test('the dry run says the same', async () => {
    const body = expectJson(await api(rx.url, 'POST', '/check', { token: `${await happyfoxToken()}\n` }), 200);
    expect(body.checks[0]).toEqual({
      name: 'format',
      status: 'fail',
      code: 'token_malformed',
      message: 'the token ends with a newline (a token read from a file, echo output or a copied line?); send the token without it',
      finding: 'token_whitespace_around',
      hint: STRIP_TOKEN,
    });
  });
});

describe('white space inside the token', () => {
  test('a "+" written unencoded in the query arrives as a space: the URL-encoding advice, with a one-liner per language', async () => {
    const token = await happyfoxToken();
    const withPlus = `${token.slice(0, -3)}+${token.slice(-2)}`;
    const res = await request(`${rx.url}/jwt/?token=${withPlus}`, { json: true });
    expect(res.result).toBe('token_malformed');
    expect(res.json()).toMatchObject({
      finding: 'token_space_inside',
      detail: `token contains a space (at character ${token.length - 2}); a "+" in a query string decodes to a space, so URL-encode the token (JWTs use base64url and never contain "+" themselves)`,
      hint: 'URL-encode the token where the IdP puts it in the query string or form: Python: urllib.parse.quote(token, safe=""); Ruby: CGI.escape(token); PHP: rawurlencode($token); Java: URLEncoder.encode(token, StandardCharsets.UTF_8); C#: Uri.EscapeDataString(token); Node: encodeURIComponent(token)',
    });
  });

  test('a line break between parts is a wrapped copy', async () => {
    const token = await happyfoxToken();
    const at = token.indexOf('.') + 1;
    const body = await formatRefusal(`${token.slice(0, at)}\n${token.slice(at)}`);
    expect(body).toMatchObject({
      finding: 'token_whitespace_inside',
      detail: `token contains a newline inside (at character ${at + 1}): it was wrapped or split when it was copied`,
    });
    expect(body.hint).toMatch(/^send the token as one line/);
  });
});
