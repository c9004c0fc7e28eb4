import { DEFAULT_USERSOURCE_ID } from '../vendors/deskpro/routes';
import { PROFILES, type ProfileId } from '../vendors';

/**
 * What `mint --url` prints: the token delivered the way the vendor's IdP hands it over, ready to
 * paste. GET vendors: the consume URL; Zendesk: a curl line posting the form and the HTML form a
 * browser submits; Zoho ASAP: the curl POST of the receiver's stand-in for its SDK exchange.
 */

/** `http://127.0.0.1:8080/t/acme/` -> `http://127.0.0.1:8080/t/acme` (a tenant's base URL, no query). */
export function receiverBase(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('must be an http(s) URL');
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/+$/, '');
}

/** The consume path of the profile's first route, with Deskpro's usersource id filled in. */
export function consumePath(profile: ProfileId): string {
  return PROFILES[profile].consume[0].path.replace(':usId', DEFAULT_USERSOURCE_ID);
}

/** A word for a POSIX shell, single-quoted. */
export const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The paste-ready lines for `token` at the tenant whose base URL is `base`. */
export function consumeInstructions(profile: ProfileId, base: string, token: string): string {
  const route = PROFILES[profile].consume[0];
  const target = `${receiverBase(base)}${consumePath(profile)}`;
  if (route.methods.includes('GET') && profile !== 'zendesk') {
    return `${target}?${route.tokenParam}=${encodeURIComponent(token)}\n`;
  }
  if (profile === 'zoho-asap') {
    const body = JSON.stringify({ [route.tokenParam]: token });
    return `curl -s -X POST -H 'Content-Type: application/json' -d ${shellQuote(body)} ${shellQuote(target)}\n`;
  }
  // Zendesk: the POST form is the documented way (GET /access/jwt is deprecated).
  return [
    `curl -i -X POST -d ${shellQuote(`${route.tokenParam}=${encodeURIComponent(token)}`)} ${shellQuote(target)}`,
    '',
    `<form method="post" action="${escapeHtml(target)}">`,
    `  <input type="hidden" name="${route.tokenParam}" value="${escapeHtml(token)}">`,
    '  <button type="submit">Sign in</button>',
    '</form>',
    '',
  ].join('\n');
}
