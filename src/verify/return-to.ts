import { pass, warn, type Check } from './verdict';
import { hostMatches } from './whitelist';

const PROBE_ORIGIN = 'http://receiver.invalid';

/**
 * Where a login may land: only a path on the tenant itself. Anything that a browser could read as
 * another host (`//evil.com`, `/\evil.com`, `https:evil.com`, a tab or newline that browsers strip,
 * `javascript:`) goes to the tenant's home instead, and the bad value is never echoed back.
 */
export interface ReturnRules {
  /** Path prefixes on this host that belong to someone else (other tenants, the receiver API). */
  notThisTenant?: readonly string[];
  /** Other hosts an absolute http(s) URL may lead to (Zendesk brand sites), exact or `*.domain`. */
  allowedHosts?: readonly string[];
  /**
   * The tenant's own path prefix (`/t/h2`), which the landing page is put under. A path that already
   * starts with it (an IdP that echoes the full path back) is taken without it, so it is not doubled.
   */
  ownPrefix?: string;
  /**
   * The receiver's own origin (`http://127.0.0.1:8080`). An absolute URL on it is read as its path,
   * under the rules above: vendors whose IdP echoes back the full URL it was given (Canny's
   * `redirect`) land where they asked, and never on another tenant.
   */
  ownOrigin?: string;
}

/** `path` is relative to the tenant unless `absolute` (a URL on an allowed host). */
export function safeReturnPath(value: unknown, homePath: string, param: string, rules: ReturnRules = {}): { path: string; absolute?: boolean; check: Check } {
  const { notThisTenant = [], allowedHosts = [], ownPrefix, ownOrigin } = rules;
  const home = { path: homePath };
  if (value === undefined) return { ...home, check: pass('return_to', `no ${param}; landing on ${homePath}`) };
  if (Array.isArray(value)) return { ...home, check: warn('return_to', `${param} was given more than once; landing on ${homePath}`) };
  if (ownOrigin && typeof value === 'string' && onOrigin(value, ownOrigin)) value = value.slice(ownOrigin.length) || '/';
  const absolute = allowedAbsolute(String(value), allowedHosts);
  if (absolute) return { path: absolute.href, absolute: true, check: pass('return_to', `landing on ${absolute.host}, an allowed host`) };
  const reason = unsafeReason(String(value));
  if (reason) return { ...home, check: warn('return_to', `${param} was refused (${reason}); landing on ${homePath}`) };
  const path = withoutPrefix(normalisedPath(String(value)), ownPrefix);
  if (path.startsWith('//')) {
    return {
      ...home,
      check: warn(
        'return_to',
        `${param} was refused (its dot segments, or the tenant prefix it starts with, leave a protocol-relative URL); landing on ${homePath}`,
      ),
    };
  }
  if (notThisTenant.some((prefix) => path.startsWith(prefix))) {
    return { ...home, check: warn('return_to', `${param} was refused (it leads out of this tenant); landing on ${homePath}`) };
  }
  return { path, check: pass('return_to', `landing on ${path}`) };
}

/** `value` starts with `origin` and then a path, a query, a fragment or nothing (never `origin.evil.com`). */
function onOrigin(value: string, origin: string): boolean {
  return value.toLowerCase().startsWith(origin.toLowerCase()) && /^(?:[/?#]|$)/.test(value.slice(origin.length));
}

/** An absolute http(s) URL whose host is on the allowlist, or null. */
function allowedAbsolute(value: string, allowedHosts: readonly string[]): URL | null {
  if (allowedHosts.length === 0 || !/^https?:\/\//i.test(value) || /[\u0000-\u001f\u007f\s\\]/.test(value) || !URL.canParse(value)) return null;
  const url = new URL(value);
  return url.username === '' && url.password === '' && hostMatches(url.hostname, allowedHosts) ? url : null;
}

/** `/t/h2/tickets` -> `/tickets` for prefix `/t/h2` (and `/t/h2` or `/t/h2?x` -> `/`, `/?x`); `/t/h2x/...` is not under it. */
function withoutPrefix(path: string, prefix: string | undefined): string {
  if (!prefix || !path.startsWith(prefix) || !/^(?:[/?#]|$)/.test(path.slice(prefix.length))) return path;
  const rest = path.slice(prefix.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** Dot segments resolved the way a browser would (`/a/..//x` becomes `//x`, which is why it is checked after). */
function normalisedPath(value: string): string {
  const url = new URL(value, PROBE_ORIGIN);
  return `${url.pathname}${url.search}${url.hash}`;
}

function unsafeReason(value: string): string | null {
  if (value.length === 0) return 'it is empty';
  if (value.length > 2048) return 'it is over 2048 characters';
  if (/[\u0000-\u001f\u007f\s]/.test(value)) return 'it contains white space or control characters';
  if (value.includes('\\')) return 'it contains a backslash, which browsers read as a slash';
  if (!value.startsWith('/')) return 'it is not a path starting with "/"';
  if (value.startsWith('//')) return 'it is a protocol-relative URL to another host';
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return 'it is not a valid path';
  }
  return url.origin === PROBE_ORIGIN ? null : 'it leads to another host';
}
