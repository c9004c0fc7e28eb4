import { createHmac } from 'node:crypto';
import { SECRET, T0_MS, freshJti, request, sign, type Answer } from '../../helpers/receiver';
import { vendorClaims } from '../../helpers/tokens';

/** A Zendesk token that passes every check at T0: the four required claims, nothing else. */
export function zendeskToken(overrides: Record<string, unknown> = {}, secret = SECRET): Promise<string> {
  return sign(vendorClaims('zendesk', T0_MS, { email: 'zoe@example.com', name: 'Zoe Zendesk' }, freshJti(), overrides), secret);
}

/** What a browser form submit sends: POST with an application/x-www-form-urlencoded body. */
export function postForm(url: string, fields: Record<string, string>, init: RequestInit = {}): Promise<Answer> {
  return request(url, { ...init, method: 'POST', body: new URLSearchParams(fields) });
}

/** A token with exactly this header (no alg added), HMAC-SHA256 signed with `secret`. */
export function tokenWithHeader(header: Record<string, unknown>, claims: Record<string, unknown>, secret = SECRET): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The query of a redirect's Location as ordered [name, value] pairs. */
export function queryOf(location: string | null): Array<[string, string]> {
  return [...new URL(location ?? 'x:', 'http://base.invalid').searchParams.entries()];
}
