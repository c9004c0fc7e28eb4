import { TextDecoder } from 'node:util';
import { HINTS } from './hints';
import { fail, pass, type Check } from './verdict';
import { parseStrictJsonObject } from './strict-json';

export interface DecodedToken {
  /** `<header>.<payload>` exactly as received: the JWS signing input. */
  signingInput: string;
  /** The signature part as received (canonical base64url). */
  signature: string;
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
    return {
      check: fail(name, 'token_too_large', `token is ${bytes} bytes; the tenant reads at most ${maxBytes}`, {
        reason: 'too_large',
        actual: bytes,
        limit: maxBytes,
        unit: 'bytes',
      }),
    };
  }
  if (/\s/.test(token)) return { check: whiteSpaceCheck(token) };
  const parts = token.split('.');
  if (parts.length === 5) {
    return {
      check: fail(name, 'token_is_jwe', 'token has five parts: an encrypted JWE; the vendor accepts only a signed JWS (three parts)', {
        reason: 'part_count',
        actual: 5,
        limit: 3,
        unit: 'parts',
      }),
    };
  }
  if (parts.length !== 3) {
    return {
      check: fail(name, 'token_malformed', `token has ${parts.length} part(s) separated by "."; a JWS has three`, {
        reason: 'part_count',
        actual: parts.length,
        limit: 3,
        unit: 'parts',
      }),
    };
  }
  const labels = ['header', 'payload', 'signature'];
  for (const [i, part] of parts.entries()) {
    const problem = base64urlProblem(part, i < 2);
    if (problem)
      return {
        check: fail(
          name,
          'token_malformed',
          `${labels[i]} part ${problem.text}`,
          problem.finding ? { finding: problem.finding, hint: HINTS.base64url } : undefined,
        ),
      };
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
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
    check: pass(name, `three base64url parts; header and payload are JSON objects (${token.length} characters)`, {
      actual: bytes,
      limit: maxBytes,
      unit: 'bytes',
    }),
    decoded: { signingInput: `${headerPart}.${payloadPart}`, signature: signaturePart, header, payload },
  };
}

/** Names of white-space characters for a message: the token's own text is never quoted. */
function describe(space: string): string {
  const names = [
    ...new Set(
      [...space].map((c) =>
        c === '\n'
          ? 'newline'
          : c === '\r'
            ? 'carriage return'
            : c === ' '
              ? 'space'
              : c === '\t'
                ? 'tab'
                : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
      ),
    ),
  ];
  if (space === '\r\n') return 'a CRLF line ending';
  return names.length === 1 && space.length === 1 ? `a ${names[0]}` : `${space.length} white-space characters (${names.join(', ')})`;
}

/**
 * White space in a token says how it was damaged: around it, the token was read from a file, an
 * `echo` or a copied line; a space inside is a "+" decoded by a query string (standard base64, or
 * a token not URL-encoded); a line break or tab inside, a wrapped copy.
 */
function whiteSpaceCheck(token: string): Check {
  const leading = token.slice(0, token.length - token.trimStart().length);
  const trailing = token.slice(token.trimEnd().length);
  const inner = token.trim();
  const at = inner.search(/\s/);
  if (at >= 0) {
    const position = `at character ${leading.length + at + 1}`;
    if (/^ +$/.test(inner.replace(/\S/g, ''))) {
      return fail(
        'format',
        'token_malformed',
        `token contains a space (${position}); a "+" in a query string decodes to a space, so URL-encode the token (JWTs use base64url and never contain "+" themselves)`,
        {
          finding: 'token_space_inside',
          hint: HINTS.urlEncodeToken,
        },
      );
    }
    const found = describe(/\s+/.exec(inner)![0]);
    return fail('format', 'token_malformed', `token contains ${found} inside (${position}): it was wrapped or split when it was copied`, {
      finding: 'token_whitespace_inside',
      hint: HINTS.tokenLineBreak,
    });
  }
  const where = [leading && `starts with ${describe(leading)}`, trailing && `ends with ${describe(trailing)}`].filter(Boolean).join(' and ');
  // A single final space may also be a final "+" of standard base64 that a query string decoded.
  const cause =
    trailing === ' ' && !leading ? 'a copied line, or a final "+" a query string decoded?' : 'a token read from a file, echo output or a copied line?';
  return fail('format', 'token_malformed', `the token ${where} (${cause}); send the token without it`, {
    finding: 'token_whitespace_around',
    hint: HINTS.tokenWhitespace,
  });
}

function base64urlProblem(part: string, required: boolean): { text: string; finding?: 'base64_padding' | 'base64_standard_alphabet' } | null {
  if (part.length === 0) return required ? { text: 'is empty' } : null;
  if (part.includes('=')) return { text: 'has "=" padding; base64url in a JWT is unpadded', finding: 'base64_padding' };
  if (/[+/]/.test(part)) return { text: 'uses "+" or "/": that is base64, a JWT uses base64url ("-" and "_")', finding: 'base64_standard_alphabet' };
  if (!BASE64URL.test(part)) return { text: 'has characters outside the base64url alphabet' };
  if (Buffer.from(part, 'base64url').toString('base64url') !== part) {
    return { text: 'is not canonical base64url (its length or last character carries stray bits)' };
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
