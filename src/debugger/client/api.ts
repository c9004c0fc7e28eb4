/** The inspection API under /_receiver/, as the page reads it. */
export const BASE = '/_receiver';

// The shapes the API answers with, as the server defines them (src/http/api/schemas/): type-only
// imports, erased from the compiled page, so the browser loads no zod.
import type { AttemptDetailJson, AttemptJson } from '../../http/api/schemas/attempt';
import type { CheckJson, CheckStatus } from '../../http/api/schemas/check';
import type { ClockJson } from '../../http/api/schemas/clock';
import type { CheckAnswerJson } from '../../http/api/schemas/dry-run';
import type { StateDeletedJson } from '../../http/api/schemas/state';
import type { TenantListJson } from '../../http/api/schemas/tenant';

export type { CheckStatus };
export type Check = CheckJson;
export type Attempt = AttemptJson;
export type AttemptDetail = AttemptDetailJson;
export type ClockState = ClockJson;
/** POST /check: a dry run's verdict. */
export type Verdict = CheckAnswerJson;

export interface TenantInfo {
  id: string;
  label: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/**
 * `server.adminToken`, when the receiver has one: sent as a bearer token with every API call. Kept
 * for this tab only (sessionStorage), never in a cookie or the URL.
 */
const TOKEN_KEY = 'hjr-admin-token';
let adminToken: string | null = sessionStorage.getItem(TOKEN_KEY);

export function setAdminToken(token: string | null): void {
  adminToken = token || null;
  if (adminToken) sessionStorage.setItem(TOKEN_KEY, adminToken);
  else sessionStorage.removeItem(TOKEN_KEY);
}

let unauthorized: () => void = () => undefined;

/** Called whenever the API answers 401 (admin_token_missing / admin_token_invalid). */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (adminToken) headers.Authorization = `Bearer ${adminToken}`;
  const init: RequestInit = { method, headers, cache: 'no-store', credentials: 'same-origin' };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${BASE}${path}`, init);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    if (res.status === 401) unauthorized();
    const err = parsed as { error?: unknown; message?: unknown; detail?: unknown } | null;
    const why = err && typeof err === 'object' ? [err.error, err.detail ?? err.message].filter((x) => typeof x === 'string').join(': ') : '';
    throw new ApiError(res.status, `${method} ${BASE}${path}: HTTP ${res.status}${why ? ` (${why})` : ''}`, parsed);
  }
  return parsed as T;
}

export interface AttemptFilter {
  tenant?: string;
  email?: string;
  accepted?: string;
  code?: string;
}

export async function listAttempts(filter: AttemptFilter, limit: number): Promise<Attempt[]> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  query.set('limit', String(limit));
  const body = await call<{ attempts: Attempt[] }>('GET', `/attempts?${query.toString()}`);
  return body.attempts;
}

/** One attempt by its id (a number, or the digits of the page's #attempt-<id> link). */
export async function getAttempt(id: number | string): Promise<AttemptDetail> {
  return call<AttemptDetail>('GET', `/attempts/${encodeURIComponent(String(id))}`);
}

/** `/tenants` as a list of { id, label }: `acme (Zendesk)`. */
export async function listTenants(): Promise<TenantInfo[]> {
  const { tenants } = await call<TenantListJson>('GET', '/tenants');
  return tenants.map((t) => ({ id: t.id, label: `${t.id} (${t.vendor})` }));
}

export const getClock = () => call<ClockState>('GET', '/clock');
export const setClock = (body: { frozenAt: number } | { advanceSeconds: number }) => call<ClockState>('PUT', '/clock', body);
export const resetClock = () => call<ClockState>('DELETE', '/clock');
export const resetState = () => call<StateDeletedJson>('DELETE', '/state');
export const checkToken = (tenant: string, token: string) => call<Verdict>('POST', '/check', { tenant, token });
