/**
 * Small helpers shared by the security suites (test/security/*.test.ts). Tokens are minted with jose;
 * `hmacSigned` exists only to build deliberately malformed-but-signed tokens (duplicate JSON members,
 * invalid UTF-8) that no JOSE library will produce, and uses node's own HMAC, never a hand-written one.
 */
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { SECRET, type Answer } from '../helpers/receiver';

/** base64url of a string (UTF-8) or of raw bytes. */
export const b64u = (data: string | Uint8Array): string => Buffer.from(data as never).toString('base64url');

export const partsOf = (token: string): [string, string, string] => token.split('.') as [string, string, string];

/** `<b64u(headerText)>.<b64u(payloadText)>.<HMAC-SHA256 over the signing input>`, the texts kept verbatim. */
export function hmacSigned(headerText: string | Uint8Array, payloadText: string | Uint8Array, secret = SECRET): string {
  const signingInput = `${b64u(headerText)}.${b64u(payloadText)}`;
  return `${signingInput}.${createHmac('sha256', Buffer.from(secret, 'utf8')).update(signingInput).digest('base64url')}`;
}

/** The secret as the key jose's low-level signers take. */
export const secretKey = (secret = SECRET): Uint8Array => new Uint8Array(Buffer.from(secret, 'utf8'));

/** Asserts a refusal by its stable code: status (4xx, never 5xx), header, and the JSON `error`. */
export function expectCode(res: Answer, code: string, status?: number): void {
  expect({ result: res.result, status: res.status }).toEqual({ result: code, status: status ?? res.status });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  if ((res.headers.get('content-type') ?? '').includes('json')) expect(res.json().error).toBe(code);
}

export interface RawAnswer {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** A socket error seen after (or instead of) the answer, e.g. ECONNRESET. */
  error: string | null;
}

/**
 * A GET written straight onto a socket: for requests fetch would refuse to build or whose answer
 * comes from Node's own parser (clientError) rather than the app.
 */
export function rawGet(baseUrl: string, target: string, extraHeaders: Record<string, string> = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const head = [
    `GET ${target} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Accept: application/json',
    'Connection: close',
    ...Object.entries(extraHeaders).map(([k, v]) => `${k}: ${v}`),
  ];
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | null = null;
    const socket = connect(Number(port), hostname);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const lines = (split >= 0 ? text.slice(0, split) : text).split('\r\n');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: status ? Number(status[1]) : null, headers, body: split >= 0 ? text.slice(split + 4) : '', error });
    });
    socket.write(`${head.join('\r\n')}\r\n\r\n`, 'latin1');
  });
}
