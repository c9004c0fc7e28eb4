import { fail, pass, warn, type Check } from './verdict';

/** Header parameters that point at keys; a receiver with a shared secret never follows or trusts them. */
const KEY_HINTS = ['jku', 'jwk', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'kid'];

/**
 * RFC 8725 §3.1 and §3.2: the algorithm comes from the tenant's allowlist, never from the token
 * ("none" in any spelling, another HMAC size, an asymmetric algorithm); extensions the vendor does
 * not implement (`crit`, `b64`, `zip`) and nested tokens are refused rather than ignored.
 */
export function checkHeader(header: Record<string, unknown>, allowed: readonly string[], vendor: string, keyHeader?: string): Check[] {
  const { alg } = header;
  if (typeof alg !== 'string' || alg.length === 0) {
    return [fail('alg', 'alg_not_allowed', `header has no "alg" string; ${vendor} signs with ${allowed.join(' or ')}`)];
  }
  if (alg.toLowerCase() === 'none') {
    return [fail('alg', 'alg_not_allowed', `alg "${alg}" means an unsigned token; it is never accepted (${vendor} requires ${allowed.join(' or ')})`)];
  }
  if (!allowed.includes(alg)) {
    const hint = allowed.some((a) => a.toUpperCase() === alg.toUpperCase()) ? ' (algorithm names are case-sensitive)' : '';
    return [fail('alg', 'alg_not_allowed', `alg "${alg}" is not accepted; ${vendor} accepts only ${allowed.join(', ')}${hint}`)];
  }
  const checks: Check[] = [pass('alg', `alg ${alg} is the one ${vendor} uses`)];

  if ('crit' in header) {
    return [
      ...checks,
      fail(
        'header',
        'header_unsupported',
        `header lists "crit" extensions (${JSON.stringify(header.crit)}); ${vendor} understands none, so the token must be refused (RFC 7515 §4.1.11)`,
      ),
    ];
  }
  if ('b64' in header) {
    return [...checks, fail('header', 'header_unsupported', 'header has "b64" (RFC 7797 unencoded payload); helpdesk vendors do not support it')];
  }
  if ('zip' in header) {
    return [...checks, fail('header', 'header_unsupported', 'header has "zip"; compression is defined only for JWE and is refused')];
  }
  if (typeof header.cty === 'string' && header.cty.toUpperCase() === 'JWT') {
    return [...checks, fail('header', 'token_nested', 'header cty is "JWT": a nested token; the vendor reads claims from this token only')];
  }
  const notes: string[] = [];
  if (header.typ !== undefined && (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT')) {
    notes.push(`typ ${JSON.stringify(header.typ)} is not "JWT"`);
  }
  // The parameter the vendor selects its key by (`kid`) is read, not ignored.
  const hints = KEY_HINTS.filter((k) => k in header && k !== keyHeader);
  if (hints.length > 0) notes.push(`${hints.join(', ')} ignored: the key is the tenant's shared secret, never one named by the token`);
  checks.push(notes.length > 0 ? warn('header', notes.join('; ')) : pass('header', 'no unsupported header parameters'));
  return checks;
}
