import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ReceiverError } from '../errors';
import { resultHeader } from './middleware/result-header';

/** What Node's parser is given: the app's URL limit, and the most it reads of request line and headers together. */
export interface ParserLimits {
  maxUrlBytes: number;
  maxHeaderBytes: number;
}

/** `GET /...`: a chunk that starts a request line. */
const REQUEST_LINE_START = /^[A-Z]+ /;

/**
 * Node counts the request line in its header limit, so an overflow is a long URL or long headers.
 * The chunk the parser failed on tells them apart when it starts the request: a request line still
 * longer than the URL limit is the URL's fault (414, as the app answers a shorter one). A request
 * sent in pieces fails on a later chunk that says nothing of where it started: 431, which is what
 * Node itself answers and true of the request line and headers together.
 */
function overflowStatus(err: NodeJS.ErrnoException & { rawPacket?: unknown }, limits: ParserLimits): 414 | 431 {
  const chunk = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : null;
  if (!chunk || !REQUEST_LINE_START.test(chunk.subarray(0, 16).toString('latin1'))) return 431;
  const lineEnd = chunk.indexOf('\r\n');
  return (lineEnd < 0 ? chunk.length : lineEnd) > limits.maxUrlBytes ? 414 : 431;
}

/** Node's parser refused the request: which stable code and status that is. */
export function parserError(err: NodeJS.ErrnoException, limits: ParserLimits): ReceiverError {
  if (err.code !== 'HPE_HEADER_OVERFLOW') {
    return new ReceiverError('request_malformed', 'Bad request', `Node's HTTP parser could not read the request (${err.code ?? err.message})`);
  }
  return overflowStatus(err, limits) === 414
    ? new ReceiverError(
        'request_too_large',
        'Request-URI Too Long',
        `the URL is over ${limits.maxUrlBytes} bytes, the most the receiver reads (server.maxUrlBytes)`,
        { status: 414 },
      )
    : new ReceiverError(
        'request_too_large',
        'Request Header Fields Too Large',
        `the request line and headers are over ${limits.maxHeaderBytes} bytes, the most Node's parser reads (server.maxUrlBytes + 16 kB)`,
        {
          status: 431,
        },
      );
}

/**
 * An error as a whole HTTP/1.1 answer, written on the socket because no request object exists:
 * the JSON error body and the headers every answer of the receiver carries that apply here.
 */
export function rawAnswer(err: ReceiverError): string {
  const body = JSON.stringify({ error: err.code, message: err.message, detail: err.detail });
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    ...resultHeader(err.code),
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    ...err.headers,
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? ''}\r\n${head.join('')}\r\n${body}`;
}

/** The server's `clientError` listener: a code rather than Node's bare 400 or 431, then the connection closes. */
export function answerParserErrors(limits: ParserLimits) {
  return function answerParserError(err: NodeJS.ErrnoException, socket: Socket): void {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(rawAnswer(parserError(err, limits)));
  };
}
