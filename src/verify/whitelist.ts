import type { WhitelistConfig } from '../config/schema';
import { domainOf } from './email';
import { fail, pass, skip, type Check } from './verdict';

export interface RequestOrigin {
  referer?: string;
  origin?: string;
}

/** `acme.example` matches itself only; `*.acme.example` matches its subdomains, not itself. */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p));
}

/**
 * The host of the Referer (or, failing that, Origin), lower-cased with IDN in punycode by URL;
 * `unreadable` when one was sent but is not an http(s) URL, null when neither was sent.
 */
export function requestHost(request: RequestOrigin): string | null | 'unreadable' {
  const candidate = [request.referer, request.origin].find((h) => h && h !== 'null');
  if (!candidate) return null;
  try {
    const url = new URL(candidate);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.hostname.replace(/\.$/, '');
  } catch {
    // falls through: present but unreadable
  }
  return 'unreadable';
}

/**
 * HappyFox "Allow JWT login only from whitelisted domains" (vendors.md ambiguity 1): by the host the
 * login comes from, by the email's domain, or by either. `request` is undefined for an offline check.
 */
export function checkWhitelist(config: WhitelistConfig, email: string, request: RequestOrigin | undefined): Check {
  if (!config.enabled) return skip('whitelist', 'whitelisting is off for this tenant');
  const listed = config.domains.length > 0 ? config.domains.join(', ') : '(no domains listed)';
  const emailDomain = domainOf(email);
  const emailOk = hostMatches(emailDomain, config.domains);
  if (config.mode === 'email') {
    return emailOk
      ? pass('whitelist', `email domain ${emailDomain} is whitelisted`)
      : fail('whitelist', 'domain_not_whitelisted', `email domain ${emailDomain} is not whitelisted (${listed})`);
  }
  if (!request) return skip('whitelist', `whitelisting by ${config.mode} needs the request's Referer; not checked offline`);
  const host = requestHost(request);
  if (host && host !== 'unreadable' && hostMatches(host, config.domains)) return pass('whitelist', `request came from ${host}, which is whitelisted`);
  if (config.mode === 'either' && emailOk) return pass('whitelist', `email domain ${emailDomain} is whitelisted`);
  if (host === 'unreadable') {
    return fail('whitelist', 'domain_not_whitelisted', 'the Referer (or Origin) is not an http(s) URL, so the site the login came from cannot be whitelisted');
  }
  if (!host) {
    // allowMissingReferer is a referer-mode setting: in `either` mode the email alone decides, as above.
    if (config.allowMissingReferer && config.mode === 'referer') return pass('whitelist', 'no Referer or Origin; allowed by allowMissingReferer');
    return fail(
      'whitelist',
      'referer_missing',
      'the request has no Referer or Origin, so its domain cannot be whitelisted (the IdP page may send Referrer-Policy: no-referrer)',
    );
  }
  const also = config.mode === 'either' ? ` and email domain ${emailDomain} is not either` : '';
  return fail('whitelist', 'domain_not_whitelisted', `request came from ${host}, which is not whitelisted${also} (${listed})`);
}
