import { JWT_SHAPE } from '../consume-routes';
import type { ConsumeRequest } from '../types';
import type { ConsumeMatcher } from './types';

type TokenNames = Pick<ConsumeMatcher, 'tokenParams' | 'redactParams'>;

export const TOKEN_PLACEHOLDER = '<token>';

export function isConsume(url: URL, matcher: ConsumeMatcher): boolean {
  return url.origin === matcher.origin && matcher.patterns.some((p) => p.test(url.pathname));
}

/** Whether a parameter holds the credential: named so by the contract (a JWT, or a credential that is not one: `sso`, `sig`, `hash`), or shaped like a JWT. */
const isToken = (name: string, value: string, matcher: TokenNames): boolean =>
  matcher.tokenParams.includes(name) || (matcher.redactParams ?? []).includes(name) || JWT_SHAPE.test(value.trim());

/** A name or value as sent in a query or form, decoded; a broken escape is kept as sent (the transport module reports it). */
function decodeSent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** `name=value` pairs of a query or form body as sent, a token's value replaced. */
function redactRaw(raw: string, matcher: TokenNames): string {
  return raw
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const value = pair.slice(eq + 1);
      return isToken(decodeSent(pair.slice(0, eq)), decodeSent(value), matcher) ? `${pair.slice(0, eq)}=${TOKEN_PLACEHOLDER}` : pair;
    })
    .join('&');
}

/**
 * What reached the consume route, from the URL and body as the client sent them: the parameters
 * decoded, every token replaced by a placeholder (a report never holds one), the URL's full length.
 */
export function describeConsume(method: string, url: URL, rawUrl: string, body: string | null, bodyType: string | null, matcher: TokenNames): ConsumeRequest {
  const rawQuery = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1).replace(/#.*$/, '') : '';
  const form = body !== null && (bodyType ?? '').includes('application/x-www-form-urlencoded') ? body : '';
  const params = [...new URLSearchParams(rawQuery), ...new URLSearchParams(form)];
  // The MAC beside a credential (`sig`) is hidden but is not the token the transport module looks for.
  const tokenParams = params.filter(([name, value]) => matcher.tokenParams.includes(name) || JWT_SHAPE.test(value.trim())).map(([name]) => name);
  return {
    method,
    path: url.pathname,
    params: params.map(([name, value]) => [name, isToken(name, value, matcher) ? TOKEN_PLACEHOLDER : value]),
    rawQuery: redactRaw(rawQuery, matcher),
    rawBody: body === null ? null : redactRaw(body, matcher),
    bodyType,
    tokenParams,
    urlLength: rawUrl.length,
  };
}
