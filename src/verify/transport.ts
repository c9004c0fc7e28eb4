import { warn, type Check } from './verdict';

/** Past this a URL is cut by some proxies and old browsers (the token sent by GET makes URLs long). */
export const URL_WARN_LENGTH = 2000;

export interface TransportInput {
  /** The query string as it arrived, not decoded. */
  rawQuery: string;
  /** The whole URL's length, in characters. */
  urlLength: number;
}

/**
 * How the request carried the token, linted on every consume request: only what is worth a warning
 * becomes a check, so a clean request's verdict is unchanged: a `+` beside `%20` in the return
 * parameter (read as a space, rarely what the IdP meant), and a URL long enough to be cut.
 */
export function transportChecks(input: TransportInput, returnParam: string | undefined): Check[] {
  const checks: Check[] = [];
  if (input.urlLength > URL_WARN_LENGTH) {
    checks.push(
      warn(
        'transport',
        `the URL is ${input.urlLength} characters; some proxies cut URLs past ${URL_WARN_LENGTH}: send the token by POST if the vendor takes it`,
        {
          actual: input.urlLength,
          limit: URL_WARN_LENGTH,
          unit: 'characters',
        },
      ),
    );
  }
  if (returnParam) {
    const raw = input.rawQuery.split('&').find((pair) => pair.startsWith(`${returnParam}=`) && pair.includes('+'));
    if (raw)
      checks.push(
        warn('transport', `${returnParam} holds a "+", which is read as a space: if it is a plus, the IdP must encode it as %2B (encodeURIComponent does)`),
      );
  }
  return checks;
}
