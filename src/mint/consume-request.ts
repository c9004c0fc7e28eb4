import { VENDORS, type ProfileId } from '../vendors';
import { examplePath } from '../verify/contract';
import { queryRequest } from './delivery';

/**
 * What `mint --url` prints: the token delivered the way the vendor's IdP hands it over, ready to
 * paste. By default the consume URL with the token in the query; a vendor whose IdP posts
 * (a form, a JSON exchange) names its way in its factory's `consumeRequest`, built from the
 * delivery styles in delivery.ts.
 */

/** `http://127.0.0.1:8080/t/acme/` -> `http://127.0.0.1:8080/t/acme` (a tenant's base URL, no query). */
export function receiverBase(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('must be an http(s) URL');
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/+$/, '');
}

/** The paste-ready lines for `token` at the tenant whose base URL is `base`. */
export function consumeInstructions(profile: ProfileId, base: string, token: string, params: Record<string, string> = {}): string {
  const { contract, factory } = VENDORS[profile];
  const route = contract.consume[0];
  // Parameters beside the token (an OIDC state) come first in the query, as the IdP's redirect puts them.
  const query = new URLSearchParams(params).toString();
  const target = `${receiverBase(base)}${examplePath(route)}${query ? `?${query}` : ''}`;
  if (factory.consumeRequest) return factory.consumeRequest(target, token);
  // A credential of the vendor's own is already its query string (`sso=...&sig=...`).
  return contract.credential ? `${target}${query ? '&' : '?'}${token}\n` : queryRequest(target, route.tokenParam, token);
}
