import { TextDecoder } from 'node:util';
import { fail, pass, type Check } from './verdict';
import { parseStrictJsonObject } from './strict-json';

export interface DecodedToken {
  /** `<header>.<payload>` exactly as received: the JWS signing input. */
  signingInput: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
// ignoreBOM keeps a leading U+FEFF in the text, so JSON.parse refuses it instead of the decoder hiding it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Size and shape before any parsing: three canonical base64url parts, a header and a payload that
 * are JSON objects in valid UTF-8 without duplicate members. The decoding is Node's own; this only
 * refuses what Node's lenient decoder would silently accept (padding, `+` `/`, stray bits).
 */
export function decodeToken(token: string, maxBytes: number): { check: Check; decoded?: DecodedToken } {
  const name = 'format';
  const bytes = Buffer.byteLength(token);
  if (bytes > maxBytes) {
    return { check: fail(name, 'token_too_large', `token is ${bytes} bytes; the tenant reads at most ${maxBytes}`) };
  }
  if (/\s/.test(token)) {
    return {
      check: fail(name, 'token_malformed', 'token contains white space; a "+" in a query string decodes to a space, so URL-encode the token (JWTs use base64url and never contain "+" themselves)'),
    };
  }
  const parts = token.split('.');
  if (parts.length === 5) {
    return { check: fail(name, 'token_is_jwe', 'token has five parts: an encrypted JWE; the vendor accepts only a signed JWS (three parts)') };
  }
  if (parts.length !== 3) {
    return { check: fail(name, 'token_malformed', `token has ${parts.length} part(s) separated by "."; a JWS has three`) };
  }
  const labels = ['header', 'payload', 'signature'];
  for (const [i, part] of parts.entries()) {
    const problem = base64urlProblem(part, i < 2);
    if (problem) return { check: fail(name, 'token_malformed', `${labels[i]} part ${problem}`) };
  }
  const [headerPart, payloadPart] = parts as [string, string, string];
  const header = decodeJsonPart(headerPart);
  if (typeof header === 'string') return { check: fail(name, 'header_invalid', `header ${header}`) };
  const payload = decodeJsonPart(payloadPart);
  if (typeof payload === 'string') {
    const nested = typeof header.cty === 'string' && header.cty.toUpperCase() === 'JWT';
    return nested
      ? { check: fail(name, 'token_nested', 'header cty is "JWT" and the payload is another token: nested tokens are refused') }
      : { check: fail(name, 'payload_invalid', `payload ${payload}`) };
  }
  return {
    check: pass(name, `three base64url parts; header and payload are JSON objects (${token.length} characters)`),
    decoded: { signingInput: `${headerPart}.${payloadPart}`, header, payload },
  };
}

function base64urlProblem(part: string, required: boolean): string | null {
  if (part.length === 0) return required ? 'is empty' : null;
  if (part.includes('=')) return 'has "=" padding; base64url in a JWT is unpadded';
  if (/[+/]/.test(part)) return 'uses "+" or "/": that is base64, a JWT uses base64url ("-" and "_")';
  if (!BASE64URL.test(part)) return 'has characters outside the base64url alphabet';
  if (Buffer.from(part, 'base64url').toString('base64url') !== part) {
    return 'is not canonical base64url (its length or last character carries stray bits)';
  }
  return null;
}

/** The parsed object, or a sentence saying what is wrong with it. */
function decodeJsonPart(part: string): Record<string, unknown> | string {
  let text: string;
  try {
    text = utf8.decode(Buffer.from(part, 'base64url'));
  } catch {
    return 'is not valid UTF-8';
  }
  try {
    return parseStrictJsonObject(text);
  } catch (err) {
    const reason = (err as Error).message;
    return text.split('.').length === 3 && !text.trimStart().startsWith('{')
      ? 'is not JSON (is it a nested JWT? nested tokens are refused)'
      : `is not a valid JSON object: ${reason}`;
  }
}
