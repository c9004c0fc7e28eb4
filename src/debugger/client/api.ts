/** The inspection API under /_receiver/, as the page reads it. Shapes are read defensively. */
export const BASE = '/_receiver';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface Check {
  name: string;
  status: CheckStatus;
  message: string;
  code?: string;
  /** A stable id of the mistake the receiver recognised, and how to fix it. */
  finding?: string;
  hint?: string;
  /** The numbers beside the sentence: actual against limit, in unit (src/verify/verdict.ts CheckFields). */
  claim?: string;
  reason?: string;
  actual?: unknown;
  limit?: number;
  unit?: string;
  firstAttempt?: number | null;
}

export interface Attempt {
  id: number | string;
  tenant: string;
  /** Milliseconds since the epoch (or an ISO string). */
  at: number | string;
  route: string;
  accepted: boolean;
  code: string | null;
  checks: Check[];
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  email: string | null;
  userId: number | null;
  clientIp: string | null;
  referer: string | null;
}

export interface AttemptDetail extends Attempt {
  replay?: unknown;
  user?: unknown;
  session?: unknown;
}

export interface ClockState {
  mode: string;
  nowMs: number;
  now?: string;
}

/** POST /check's view of the ledger: would a consume request with this token be a replay now? */
export interface DryRunReplay {
  kind: string | null;
  key: string | null;
  held: boolean;
  usedAt: number | null;
  keepUntil: number | null;
}

export interface Verdict {
  /** The receiver-clock instant the token was judged at. */
  at?: number;
  replay?: DryRunReplay | Record<string, unknown> | null;
  accepted: boolean;
  code: string | null;
  message: string | null;
  checks: Check[];
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  identity?: unknown;
}

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
  const body = await call<{ attempts?: Attempt[] } | Attempt[]>('GET', `/attempts?${query.toString()}`);
  return Array.isArray(body) ? body : (body?.attempts ?? []);
}

export async function getAttempt(id: Attempt['id']): Promise<AttemptDetail> {
  const body = await call<AttemptDetail & { attempt?: Attempt }>('GET', `/attempts/${encodeURIComponent(String(id))}`);
  // Either the attempt with replay/user/session beside its fields, or { attempt, replay, user, session }.
  return body.attempt ? { ...body.attempt, replay: body.replay, user: body.user, session: body.session } : body;
}

/** `/tenants` as a list of { id, label }, whatever the exact shape (array or { tenants }). */
export async function listTenants(): Promise<TenantInfo[]> {
  const body = await call<unknown>('GET', '/tenants');
  const list = Array.isArray(body) ? body : ((body as { tenants?: unknown[] } | null)?.tenants ?? []);
  return list.map((t) => {
    if (typeof t === 'string') return { id: t, label: t };
    const o = t as { id?: unknown; profile?: unknown; vendor?: unknown };
    const id = String(o.id);
    const profile = typeof o.vendor === 'string' ? o.vendor : typeof o.profile === 'string' ? o.profile : (o.profile as { id?: string } | undefined)?.id;
    return { id, label: profile ? `${id} (${profile})` : id };
  });
}

export const getClock = () => call<ClockState>('GET', '/clock');
export const setClock = (body: { frozenAt: number } | { advanceSeconds: number }) => call<ClockState>('PUT', '/clock', body);
export const resetClock = () => call<ClockState>('DELETE', '/clock');
export const resetState = () => call<unknown>('DELETE', '/state');
export const checkToken = (tenant: string, token: string) => call<Verdict>('POST', '/check', { tenant, token });
