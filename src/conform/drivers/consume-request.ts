import { JWT_SHAPE } from '../consume-routes';
import type { ConsumeRequest } from '../types';
import type { ConsumeMatcher } from './types';

export const TOKEN_PLACEHOLDER = '<token>';

export function isConsume(url: URL, matcher: ConsumeMatcher): boolean {
  return url.origin === matcher.origin && matcher.patterns.some((p) => p.test(url.pathname));
}

/** `name=value` pairs of a query or form body as sent, a token's value replaced. */
function redactRaw(raw: string): string {
  return raw
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const value = pair.slice(eq + 1);
      let decoded = value;
      try {
        decoded = decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        // a broken escape is kept as sent: the transport module reports it
      }
      return JWT_SHAPE.test(decoded.trim()) ? `${pair.slice(0, eq)}=${TOKEN_PLACEHOLDER}` : pair;
    })
    .join('&');
}

/**
 * What reached the consume route, from the URL and body as the client sent them: the parameters
 * decoded, every token replaced by a placeholder (a report never holds one), the URL's full length.
 */
export function describeConsume(method: string, url: URL, rawUrl: string, body: string | null, bodyType: string | null): ConsumeRequest {
  const rawQuery = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1).replace(/#.*$/, '') : '';
  const form = body !== null && (bodyType ?? '').includes('application/x-www-form-urlencoded') ? body : '';
  const params = [...new URLSearchParams(rawQuery), ...new URLSearchParams(form)];
  const tokenParams = params.filter(([, value]) => JWT_SHAPE.test(value.trim())).map(([name]) => name);
  return {
    method,
    path: url.pathname,
    params: params.map(([name, value]) => [name, JWT_SHAPE.test(value.trim()) ? TOKEN_PLACEHOLDER : value]),
    rawQuery: redactRaw(rawQuery),
    rawBody: body === null ? null : redactRaw(body),
    bodyType,
    tokenParams,
    urlLength: rawUrl.length,
  };
}
