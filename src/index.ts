/**
 * The library entry point: run the receiver inside a test suite, or judge a token offline.
 */
import type { Clock } from './clock';
import { loadConfig, parseConfig, type ConfigOverrides } from './config/load';
import type { TenantConfig } from './config/schema';
import { startServer, type RunningServer } from './server';
import { buildTenant } from './tenants';
import { runPipeline } from './verify/pipeline';
import type { Verdict } from './verify/verdict';

export interface StartOptions extends Omit<ConfigOverrides, 'port' | 'db'> {
  /** Default 0: a free port. */
  port?: number;
  /** Default ':memory:': nothing shared between receivers. */
  db?: string;
  clock?: Clock;
}

export interface Receiver extends RunningServer {
  /** Base URL of a tenant: the receiver's URL for `default`, `/t/<id>` below it otherwise. */
  tenantUrl(id?: string): string;
}

/** Starts a receiver on a free port with an in-memory store, for a test suite. */
export async function startReceiver(options: StartOptions = {}): Promise<Receiver> {
  const { clock, ...overrides } = options;
  const config = loadConfig({ logLevel: 'silent', ...overrides, port: options.port ?? 0, db: options.db ?? ':memory:' });
  const running = await startServer(config, { clock });
  return { ...running, tenantUrl: (id = 'default') => (id === 'default' ? running.url : `${running.url}/t/${id}`) };
}

/**
 * The verdict the receiver would give `token` at tenant `tenant` (a tenant config object, as in the
 * config file), without consuming anything: replay and request-bound checks are not applied.
 */
export async function checkToken(tenant: Partial<TenantConfig> & Pick<TenantConfig, 'profile'>, token: string, atMs = Date.now()): Promise<Verdict> {
  const [config] = parseConfig({ tenants: [{ id: 'default', ...tenant }] }, 'checkToken').tenants as [TenantConfig];
  return runPipeline({ tenant: buildTenant(config), token, nowMs: atMs });
}

export { Clock } from './clock';
export { ERROR_CODES, ReceiverError, ConfigError, type ErrorCode } from './errors';
export { PROFILES, type ProfileId, type Profile } from './profiles';
export { createApp } from './http/app';
export { startServer, type RunningServer } from './server';
export { loadConfig, parseConfig, type ReceiverConfig } from './config/load';
export type { Verdict, Check, CheckStatus } from './verify/verdict';
