const MAX_RECEIVER_HOPS = 5;

/**
 * Whether one of `values` is carried anywhere in `url`'s query: as a parameter, or inside a URL that
 * is one (Deskpro's `return`).
 */
function carries(url: URL, values: readonly string[], depth = 0): boolean {
  for (const [, v] of url.searchParams) {
    if (values.includes(v)) return true;
    if (depth < 2 && URL.canParse(v) && carries(new URL(v), values, depth + 1)) return true;
  }
  return false;
}

/** The forms a landing page travels in: the path, or its absolute URL on the tenant (Canny's `redirect`). */
export const returnForms = (tenantUrl: string, requested: string): string[] => [requested, `${tenantUrl}${requested}`];

/** Cookies a receiver route set on the way to the IdP, as its Set-Cookie lines. */
export interface ReceiverCookies {
  url: string;
  setCookies: string[];
}

export interface IdpEntry {
  idpUrl: string;
  /** The tenant's login route the entry started at. */
  startUrl: string;
  /**
   * What the receiver set on the way (DiscourseConnect binds its nonce to a browser cookie): the
   * browser that started the login carries them back, so the drivers are handed them.
   */
  cookies: ReceiverCookies[];
}

/**
 * Where the tenant's login route sends the browser: the vendor's own entry point is followed while it
 * stays on the receiver (Deskpro's /login -> /login/authenticate/1 -> the IdP), so the IdP gets the
 * vendor's parameters. A vendor whose login route does not pass the landing page on (HappyFox) gets
 * it added to the IdP URL under its return parameter, as an IdP's own link would carry it.
 */
export async function idpEntry(options: {
  tenantUrl: string;
  loginPath: string;
  returnParam: string | null;
  requestedReturn: string | null;
  fallbackIdpUrl: string | null;
}): Promise<IdpEntry> {
  const receiver = new URL(options.tenantUrl).origin;
  const start = new URL(`${options.tenantUrl}${options.loginPath}`);
  if (options.requestedReturn !== null && options.returnParam) start.searchParams.set(options.returnParam, options.requestedReturn);
  let url = start;
  const cookies: ReceiverCookies[] = [];
  for (let i = 0; i < MAX_RECEIVER_HOPS && url.origin === receiver; i++) {
    const response = await fetch(url, { redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    if (setCookies.length > 0) cookies.push({ url: url.href, setCookies });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) break;
    url = new URL(location, url);
  }
  if (url.origin === receiver) {
    if (!options.fallbackIdpUrl)
      throw new Error(`${start.pathname} did not send the browser to an IdP: set the tenant's remoteLoginUrl or give --idp-login-url`);
    url = new URL(options.fallbackIdpUrl);
  }
  if (options.requestedReturn !== null && options.returnParam && !carries(url, returnForms(options.tenantUrl, options.requestedReturn)))
    url.searchParams.set(options.returnParam, options.requestedReturn);
  return { idpUrl: url.href, startUrl: start.href, cookies };
}
