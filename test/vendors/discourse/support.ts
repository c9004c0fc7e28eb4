import { createHmac } from 'node:crypto';
import { CookieJar } from '../../helpers/cookie-jar';
import { request, type TestReceiver } from '../../helpers/receiver';

/**
 * A DiscourseConnect IdP as Discourse's docs describe one, written here independently of the vendor
 * folder: read the nonce from the `sso` the receiver sent, answer with base64 of the fields and the
 * hex HMAC-SHA256 of that base64 text.
 */
export const DC_SECRET = 'discourse-connect-secret-0123456789';

export const hmacHex = (secret: string, text: string): string => createHmac('sha256', secret).update(text).digest('hex');

/**
 * The browser a test file's logins start in and come back from unless a test names another: the
 * nonce is bound to it (discourseCsrfProtection, on by default).
 */
export const BROWSER = new CookieJar();

/** Follows the tenant's /session/sso in `browser`: the nonce and return_sso_url of the `sso` it redirected with, checked against its `sig`. */
export async function startLogin(
  rx: TestReceiver,
  tenant: string,
  query = '',
  browser = BROWSER,
): Promise<{ nonce: string; returnSsoUrl: string; location: URL }> {
  const res = await request(`${rx.url}/t/${tenant}/session/sso${query}`, { headers: browser.headers() });
  browser.absorb(res.headers);
  const location = new URL(res.location as string);
  const sso = location.searchParams.get('sso') as string;
  if (location.searchParams.get('sig') !== hmacHex(DC_SECRET, sso)) throw new Error('the receiver signed its sso with another secret');
  const fields = new URLSearchParams(Buffer.from(sso, 'base64').toString('utf8'));
  return { nonce: fields.get('nonce') as string, returnSsoUrl: fields.get('return_sso_url') as string, location };
}

/** `sso=<url-encoded base64 of the fields>&sig=<hex>`, as DiscourseConnectBase#payload writes it. */
export function answer(fields: Record<string, string>, secret = DC_SECRET): string {
  const sso = Buffer.from(new URLSearchParams(fields).toString()).toString('base64');
  return `sso=${encodeURIComponent(sso)}&sig=${hmacHex(secret, sso)}`;
}

let n = 0;
/** The fields of a good answer for a fresh user. */
export const userFields = (nonce: string, extra: Record<string, string> = {}): Record<string, string> => ({
  nonce,
  email: `dc-user-${++n}@example.com`,
  external_id: `ext-${n}`,
  username: `dcuser${n}`,
  name: 'Dana Connect',
  ...extra,
});
