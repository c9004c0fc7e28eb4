import type { CheckRecord } from '../../helpers/checks';
import { SECRET, T0_MS, request, sign, type Answer } from '../../helpers/receiver';
import { vendorClaims } from '../../helpers/tokens';

let counter = 0;

/**
 * The Java sample's claims at T0 (not_before = now, not_after = now + 300000 ms) with names, and a
 * fresh email each call: Zoho has no jti, so two equal payloads would be one token (a replay).
 */
export function zohoClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return vendorClaims('zoho-asap', T0_MS, { email: `asap-${++counter}@example.com`, name: 'Ana Silva' }, 'unused', overrides);
}

/** A Zoho ASAP token that passes every check at T0; an override of `undefined` drops the claim. */
export function zohoToken(overrides: Record<string, unknown> = {}, secret = SECRET): Promise<string> {
  return sign(zohoClaims(overrides), secret);
}

export type ExchangeBy = 'json' | 'form' | 'query';

/** `POST /asap/jwt` with the JWT in a JSON body (the default), a form body, or the query string. */
export function exchange(base: string, jwt: string, by: ExchangeBy = 'json'): Promise<Answer> {
  const url = `${base}/asap/jwt`;
  if (by === 'query') return request(`${url}?${new URLSearchParams({ jwt })}`, { method: 'POST' });
  if (by === 'form') return request(url, { method: 'POST', body: new URLSearchParams({ jwt }) });
  return request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jwt }) });
}

/** `GET /asap/me` with `Authorization: Bearer <token>`, or the given header value, or none. */
export function me(base: string, auth: { token: string } | { header: string } | null): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (auth && 'token' in auth) headers.Authorization = `Bearer ${auth.token}`;
  if (auth && 'header' in auth) headers.Authorization = auth.header;
  return request(`${base}/asap/me`, { headers });
}

/** The failing check's name and the refusal code of a JSON refusal. */
export function refusal(res: Answer): {
  status: number;
  error: string;
  check: string | null;
  detail: string | null;
  message: string;
  failed: CheckRecord | undefined;
} {
  const body = res.json();
  return {
    status: res.status,
    error: body.error,
    check: body.check,
    detail: body.detail,
    message: body.message,
    failed: body.checks?.find((c: CheckRecord) => c.status === 'fail'),
  };
}
