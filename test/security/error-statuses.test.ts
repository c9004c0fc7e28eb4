/**
 * A request over a size limit is `request_too_large` everywhere, with the status of the part at
 * fault, chosen where the limit is enforced: 413 for a body (a POST consume route, the inspection
 * API's JSON), 414 for a URL (the app's check, or Node's parser when the URL alone overflows it),
 * 431 for headers (Node's parser). Each answer carries the code in `X-Receiver-Result` and in the
 * body of its surface, and the headers every answer carries.
 */
import { connect } from 'node:net';
import { SECRET, consumeUrl, happyfoxToken, request, startTestReceiver, type Answer, type TestReceiver } from '../helpers/receiver';
import { zendeskToken } from '../vendors/zendesk/support';
import { zohoToken } from '../vendors/zoho-asap/zoho';
import { rawGet, type RawAnswer } from './support';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'zd', profile: 'zendesk', secret: SECRET },
      { id: 'asap', profile: 'zoho-asap', secret: SECRET },
    ],
  });
});
afterAll(() => rx.stop());

/** The consume body limit (64 kB, as raw-body reads `64kb`) and the API's (256 kB). */
const CONSUME_BODY_LIMIT = 64 * 1024;
const API_BODY_LIMIT = 256 * 1024;

/** A form body of exactly `bytes` bytes: the fields, then a padding field filling the rest. */
function formOf(bytes: number, fields: Record<string, string>): string {
  const head = `${new URLSearchParams(fields)}&pad=`;
  return head + 'p'.repeat(bytes - head.length);
}

/** `request_too_large` with this status, in the header and in the JSON `{ error, message, detail }`, never cached. */
function expectTooLargeJson(res: Answer, status: number, message: string): void {
  expect({
    status: res.status,
    result: res.result,
    type: res.headers.get('content-type'),
    cache: res.headers.get('cache-control'),
    referrer: res.headers.get('referrer-policy'),
  }).toEqual({
    status,
    result: 'request_too_large',
    type: 'application/json; charset=utf-8',
    cache: 'no-store',
    referrer: 'no-referrer',
  });
  expect(res.json()).toEqual({ error: 'request_too_large', message, detail: expect.any(String) });
}

/** The same from Node's parser, answered raw on the socket. */
function expectRawTooLarge(res: RawAnswer, status: number, message: string): void {
  expect({
    status: res.status,
    result: res.headers['x-receiver-result'],
    type: res.headers['content-type'],
    cache: res.headers['cache-control'],
    referrer: res.headers['referrer-policy'],
    connection: res.headers.connection,
  }).toEqual({
    status,
    result: 'request_too_large',
    type: 'application/json',
    cache: 'no-store',
    referrer: 'no-referrer',
    connection: 'close',
  });
  expect(JSON.parse(res.body)).toEqual({ error: 'request_too_large', message, detail: expect.any(String) });
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
}

describe('413: a request body over its limit', () => {
  const zendeskPost = (body: string, accept: string) =>
    request(`${rx.url}/t/zd/access/jwt`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: accept }, body });

  test('Zendesk POST /access/jwt, one byte over 64 kB: 413 in JSON, and nothing was recorded', async () => {
    const before = (await rx.store.searchAttempts({ tenant: 'zd', limit: 100 })).length;
    const res = await zendeskPost(formOf(CONSUME_BODY_LIMIT + 1, { jwt: await zendeskToken() }), 'application/json');
    expectTooLargeJson(res, 413, 'Payload Too Large');
    expect(res.json().detail).toBe('the request body is over 64 kB');
    expect(await rx.store.searchAttempts({ tenant: 'zd', limit: 100 })).toHaveLength(before);
  });

  test('Zendesk POST /access/jwt over 64 kB from a browser: 413 as a page naming the code', async () => {
    const res = await zendeskPost(formOf(CONSUME_BODY_LIMIT + 1, { jwt: await zendeskToken() }), 'text/html');
    expect({ status: res.status, result: res.result, type: res.headers.get('content-type') }).toEqual({
      status: 413,
      result: 'request_too_large',
      type: 'text/html; charset=utf-8',
    });
    expect(res.body).toContain('<code>request_too_large</code>');
  });

  test('the limit is 64 kB exactly: a body of 64 kB logs in', async () => {
    const res = await zendeskPost(formOf(CONSUME_BODY_LIMIT, { jwt: await zendeskToken() }), 'application/json');
    expect({ status: res.status, result: res.result }).toEqual({ status: 302, result: 'accepted' });
  });

  test("Zoho ASAP POST /asap/jwt over 64 kB: 413 in the vendor's JSON even for Accept: text/html", async () => {
    const body = JSON.stringify({ jwt: await zohoToken(), pad: 'p'.repeat(CONSUME_BODY_LIMIT) });
    const res = await request(`${rx.url}/t/asap/asap/jwt`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'text/html' }, body });
    expectTooLargeJson(res, 413, 'Payload Too Large');
  });

  test("the inspection API's JSON body over 256 kB: 413 in the API's JSON (no problems list)", async () => {
    const body = JSON.stringify({ offsetSeconds: 0, pad: 'p'.repeat(API_BODY_LIMIT) });
    const res = await request(`${rx.url}/_receiver/clock`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body });
    expectTooLargeJson(res, 413, 'Payload Too Large');
    expect(res.json().detail).toBe('the request body is over 256 kB');
  });

  test("the API's OpenAPI document lists the 413 on every route that reads a JSON body, and only there", async () => {
    const doc = (await request(`${rx.url}/_receiver/openapi.json`)).json();
    const ops = Object.entries(doc.paths as Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>).flatMap(
      ([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({
          route: `${method.toUpperCase()} ${path}`,
          body: op.requestBody !== undefined,
          has413: '413' in op.responses,
        })),
    );
    expect(ops.filter((o) => o.body).map((o) => o.route)).toEqual([
      'POST /_receiver/tenants',
      'PATCH /_receiver/tenants/{id}',
      'PUT /_receiver/clock',
      'POST /_receiver/check',
    ]);
    for (const o of ops) expect([o.route, o.has413]).toEqual([o.route, o.body]);
  });

  test('under 256 kB the same body is read, and refused for its unknown field instead', async () => {
    const body = JSON.stringify({ offsetSeconds: 0, pad: 'p'.repeat(API_BODY_LIMIT - 100) });
    const res = await request(`${rx.url}/_receiver/clock`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body });
    expect({ status: res.status, result: res.result }).toEqual({ status: 400, result: 'request_invalid' });
    expect(res.json().problems).toEqual([expect.stringContaining('pad')]);
  });
});

describe('414: a URL over its limit', () => {
  test("over maxUrlBytes (16384) and within Node's limit: the app's 414, JSON", async () => {
    const res = await request(`${rx.url}/jwt/?token=${await happyfoxToken()}&pad=${'p'.repeat(20 * 1024)}`, { json: true });
    expectTooLargeJson(res, 414, 'Request-URI Too Long');
    expect(res.json().detail).toMatch(/^the URL is 2\d{4} bytes; the receiver reads at most 16384 \(server\.maxUrlBytes\)$/);
  });

  test("the app's 414 on a tenant path for a browser: a page, the same code", async () => {
    const res = await request(`${rx.url}/t/zd/access/jwt?jwt=${'a'.repeat(20 * 1024)}`);
    expect({ status: res.status, result: res.result, type: res.headers.get('content-type') }).toEqual({
      status: 414,
      result: 'request_too_large',
      type: 'text/html; charset=utf-8',
    });
  });

  test("a 100 kB URL, over what Node's parser reads: 414 answered raw", async () => {
    expectRawTooLarge(await rawGet(rx.url, `/jwt/?token=${'a'.repeat(100 * 1024)}`), 414, 'Request-URI Too Long');
  });

  test('exactly maxUrlBytes is read: the 16384-byte URL is no 414', async () => {
    const path = '/jwt/?token=';
    const res = await request(`${rx.url}${path}${'a'.repeat(16384 - path.length)}`, { json: true });
    expect({ status: res.status, result: res.result }).toEqual({ status: 400, result: 'token_too_large' });
  });
});

/** A request written in pieces, `gapMs` apart, so Node's parser sees each as its own chunk. */
function rawInPieces(baseUrl: string, pieces: string[], gapMs = 60): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, async () => {
      for (const piece of pieces) {
        if (socket.destroyed) break;
        socket.write(piece, 'latin1');
        await new Promise((r) => setTimeout(r, gapMs));
      }
    });
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined); // the server closes after its answer; a late write may reset
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const lines = text.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0) || null, headers, body: text.slice(split + 4), error: null });
    });
  });
}

describe("431: headers over what Node's parser reads", () => {
  test('a 40 kB Cookie header: 431 answered raw', async () => {
    const res = await rawGet(rx.url, `/jwt/?token=${await happyfoxToken()}`, { Cookie: `hjr_session_default=${'c'.repeat(40 * 1024)}` });
    expectRawTooLarge(res, 431, 'Request Header Fields Too Large');
  });

  test('a 40 kB header on an inspection API path: the same raw 431', async () => {
    expectRawTooLarge(await rawGet(rx.url, '/_receiver/attempts', { 'X-Padding': 'x'.repeat(40 * 1024) }), 431, 'Request Header Fields Too Large');
  });

  test('a long URL sent in pieces overflows on a chunk that does not show where it began: 431, as Node answers', async () => {
    const res = await rawInPieces(rx.url, [`GET /jwt/?token=${'a'.repeat(8 * 1024)}`, 'a'.repeat(30 * 1024), ' HTTP/1.1\r\nHost: x\r\n\r\n']);
    expectRawTooLarge(res, 431, 'Request Header Fields Too Large');
  });

  test('headers within the limit with a URL within it are served', async () => {
    const res = await rawGet(rx.url, `/jwt/?token=${await happyfoxToken()}`, { 'X-Padding': 'x'.repeat(8 * 1024) });
    expect({ status: res.status, result: res.headers['x-receiver-result'] }).toEqual({ status: 302, result: 'accepted' });
  });
});

describe('the receiver keeps serving after each', () => {
  test('a good login right after', async () => {
    const res = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }));
    expect({ status: res.status, result: res.result }).toEqual({ status: 302, result: 'accepted' });
  });
});
