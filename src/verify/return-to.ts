import { pass, warn, type Check } from './verdict';

const PROBE_ORIGIN = 'http://receiver.invalid';

/**
 * Where a login may land: only a path on the tenant itself. Anything that a browser could read as
 * another host (`//evil.com`, `/\evil.com`, `https:evil.com`, a tab or newline that browsers strip,
 * `javascript:`) goes to the tenant's home instead, and the bad value is never echoed back.
 */
export function safeReturnPath(value: unknown, homePath: string, param: string, notThisTenant: readonly string[] = []): { path: string; check: Check } {
  const home = { path: homePath };
  if (value === undefined) return { ...home, check: pass('return_to', `no ${param}; landing on ${homePath}`) };
  if (Array.isArray(value)) return { ...home, check: warn('return_to', `${param} was given more than once; landing on ${homePath}`) };
  const reason = unsafeReason(String(value));
  if (reason) return { ...home, check: warn('return_to', `${param} was refused (${reason}); landing on ${homePath}`) };
  const path = normalisedPath(String(value));
  if (path.startsWith('//')) {
    return { ...home, check: warn('return_to', `${param} was refused (its dot segments resolve to a protocol-relative URL); landing on ${homePath}`) };
  }
  if (notThisTenant.some((prefix) => path.startsWith(prefix))) {
    return { ...home, check: warn('return_to', `${param} was refused (it leads out of this tenant); landing on ${homePath}`) };
  }
  return { path, check: pass('return_to', `landing on ${path}`) };
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
