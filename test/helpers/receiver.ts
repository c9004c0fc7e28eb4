import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '../../src/clock';
import { parseConfig, type ReceiverConfig } from '../../src/config/load';
import { startServer, type RunningServer } from '../../src/server';
import { signClaims, vendorClaims } from './tokens';

/** A fixed instant for tests that freeze the clock: 2026-01-15T12:00:00Z. */
export const T0_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
export const T0 = T0_MS / 1000;

export const SECRET = 'k3ySecretForTests0123456789abcdef';

export interface TestReceiver extends RunningServer {
  dir: string;
  dbPath: string;
  /** Stops the server and removes the temp folder. */
  stop(): Promise<void>;
}

/**
 * A real receiver over real HTTP on port 0, with a real SQLite file in a fresh temp folder and a
 * frozen clock at T0 (move it with `receiver.clock`). `config` is the config file's content.
 */
export async function startTestReceiver(config: Record<string, unknown> = {}, opts: { freezeAt?: number | null; dbPath?: string } = {}): Promise<TestReceiver> {
  const dir = mkdtempSync(join(tmpdir(), 'hjr-test-'));
  const dbPath = opts.dbPath ?? join(dir, 'receiver.db');
  const raw = {
    ...config,
    server: { port: 0, db: dbPath, logLevel: 'silent', ...(config.server as object | undefined) },
    tenants: (config.tenants as unknown[] | undefined) ?? [{ id: 'default', profile: 'happyfox', secret: SECRET }],
  };
  const parsed: ReceiverConfig = { ...parseConfig(raw, 'test'), generatedSecretTenants: [] };
  const clock = new Clock();
  if (opts.freezeAt !== null) clock.freeze(opts.freezeAt ?? T0_MS);
  const running = await startServer(parsed, { clock });
  return {
    ...running,
    dir,
    dbPath,
    async stop() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let jtiCounter = 0;
export const freshJti = (): string => `jti-${process.pid}-${Date.now()}-${++jtiCounter}`;

/** Signs `claims` with HS256 (or `header.alg`) and `secret`; nothing is added that the caller did not ask for. */
export async function sign(claims: Record<string, unknown>, secret = SECRET, header: Record<string, unknown> = {}): Promise<string> {
  return signClaims(claims, secret, 'HS256', header);
}

/** A HappyFox token that passes every check at T0 (its factory's: iat = T0, a fresh jti, Jane). */
export function happyfoxToken(overrides: Record<string, unknown> = {}, secret = SECRET): Promise<string> {
  return sign(vendorClaims('happyfox', T0_MS, { email: 'jane@example.com', name: 'Jane Doe' }, freshJti(), overrides), secret);
}

/** A Mojo token that passes every check at T0 (its factory's: John Smith, no jti). */
export function mojoToken(overrides: Record<string, unknown> = {}, secret = SECRET): Promise<string> {
  return sign(vendorClaims('mojo', T0_MS, { email: 'john@example.com', name: 'John Smith' }, freshJti(), overrides), secret);
}

export interface Answer {
  status: number;
  result: string | null;
  location: string | null;
  headers: Headers;
  body: string;
  json: () => any;
}

/** GET (or other method) without following redirects; `json: true` asks for the JSON error form. */
export async function request(url: string, init: RequestInit & { json?: boolean } = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (init.json) headers.set('Accept', 'application/json');
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  const body = await res.text();
  return {
    status: res.status,
    result: res.headers.get('x-receiver-result'),
    location: res.headers.get('location'),
    headers: res.headers,
    body,
    json: () => JSON.parse(body),
  };
}

/** Builds `/jwt/?token=...` style URLs with proper encoding. */
export function consumeUrl(base: string, path: string, params: Record<string, string>): string {
  return `${base}${path}?${new URLSearchParams(params).toString()}`;
}

/** A HappyFox login at `tenant` of `rx` (`default` at its root), which must be accepted: its session cookie as `name=value`. */
export async function happyfoxSessionCookie(rx: TestReceiver, tenant: string, email: string): Promise<string> {
  const base = tenant === 'default' ? rx.url : `${rx.url}/t/${tenant}`;
  const res = await request(consumeUrl(base, '/jwt/', { token: await happyfoxToken({ email }) }));
  expect(res.result).toBe('accepted');
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

/** Whether `cookie` still signs its visitor in: the portal's home page offers "Sign out". */
export async function signedIn(rx: TestReceiver, cookie: string): Promise<boolean> {
  return (await request(`${rx.url}/home`, { headers: { cookie } })).body.includes('Sign out');
}
