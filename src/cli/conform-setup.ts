import { readFileSync } from 'node:fs';
import { BrowserDriver, BrowserSetupError } from '../conform/drivers/browser';
import { HttpDriver } from '../conform/drivers/http';
import { InteractiveDriver } from '../conform/drivers/interactive';
import type { Driver } from '../conform/drivers/types';
import { ExpectedFailuresError } from '../conform/expected-failures';
import { UnknownVendorError } from '../conform/plan';
import { ReceiverLinkError } from '../conform/receiver-link';
import { loadScript, ScriptError, type BrowserScript } from '../conform/script';
import type { ModuleResult } from '../conform/types';
import { startReceiver, type Receiver } from '../library/receiver';
import type { ConfigInput, TenantInput } from '../library/options';
import { SetupError } from './errors';
import { UsageError } from './usage';
import { PROFILES, type ProfileId } from '../vendors';

export interface ConformFlags {
  profile?: string;
  secret: string[];
  publicKey?: string;
  config?: string;
  tenant?: string;
  idpLoginUrl?: string;
  logoutUrl?: string;
  browserScript?: string;
  httpOnly?: boolean;
  interactive?: boolean;
  junit?: string;
  html?: string;
  json?: string;
  expectedFailures?: string;
  modules?: string[];
  listModules?: boolean;
  timeout: number;
  host?: string;
  port?: number;
  receiverUrl?: string;
  adminToken?: string;
}

/** The problems a person fixes on the command line or the machine (exit 2), as opposed to a failed module (exit 1). */
export function asSetupError(err: unknown): unknown {
  if (err instanceof ScriptError || err instanceof ExpectedFailuresError || err instanceof UnknownVendorError) return new UsageError(err.message);
  if (err instanceof BrowserSetupError || err instanceof ReceiverLinkError) return new SetupError(err.message);
  return err;
}

/** The tenant a run with --profile serves at `/`, as the vendor serves an account on its own host. */
function profileTenant(flags: ConformFlags): TenantInput {
  if (flags.secret.length === 0 && !flags.publicKey) throw new UsageError('--profile needs --secret (repeatable) or --public-key');
  if (!flags.idpLoginUrl) throw new UsageError("--profile needs --idp-login-url: where the tenant's login route sends the browser");
  const tenant: Record<string, unknown> = { id: 'default', profile: flags.profile, remoteLoginUrl: flags.idpLoginUrl };
  if (flags.logoutUrl) tenant.remoteLogoutUrl = flags.logoutUrl;
  if (flags.secret.length === 1) tenant.secret = flags.secret[0];
  else if (flags.secret.length > 1) tenant.secrets = flags.secret;
  else tenant.secret = 'unused: the tenant verifies with its public key';
  if (flags.publicKey) {
    const publicKey = readFileSync(flags.publicKey, 'utf8');
    // A vendor that verifies RSA only needs just the key; one with a choice (Deskpro) is told RS256 too.
    const rsaOnly = PROFILES[flags.profile as ProfileId]?.algorithms.every((alg) => alg.startsWith('RS')) ?? false;
    tenant.options = rsaOnly ? { publicKey } : { algorithm: 'RS256', publicKey };
  }
  return tenant as TenantInput;
}

/** A config file with the IdP URLs of the flags written into the run's tenant. */
function configWithUrls(flags: ConformFlags, tenantId: string): string | ConfigInput {
  const path = flags.config as string;
  if (!flags.idpLoginUrl && !flags.logoutUrl) return path;
  let file: ConfigInput;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as ConfigInput;
  } catch (err) {
    throw new UsageError(`--config ${path}: ${(err as Error).message}`);
  }
  const tenants = (file.tenants ?? []).map((t) =>
    t.id === tenantId
      ? { ...t, ...(flags.idpLoginUrl ? { remoteLoginUrl: flags.idpLoginUrl } : {}), ...(flags.logoutUrl ? { remoteLogoutUrl: flags.logoutUrl } : {}) }
      : t,
  );
  return { ...file, tenants };
}

/** The receiver the run drives: started here (--profile, or --config with --tenant), or none for --receiver-url. */
export async function startRunReceiver(flags: ConformFlags): Promise<Receiver | null> {
  if (flags.receiverUrl) {
    if (flags.profile || flags.config) throw new UsageError('--receiver-url uses a running receiver: give --tenant, not --profile or --config');
    return null;
  }
  const server = { host: flags.host, port: flags.port ?? 0 };
  if (flags.config) {
    if (flags.profile) throw new UsageError('give --profile or --config with --tenant, not both');
    return startReceiver({ ...server, config: configWithUrls(flags, flags.tenant ?? 'default') });
  }
  if (!flags.profile) throw new UsageError('give --profile <id>, --config <file> --tenant <id>, or --receiver-url <url>');
  try {
    return await startReceiver({ ...server, tenants: [profileTenant(flags)] });
  } catch (err) {
    const { code } = (err ?? {}) as { code?: unknown };
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new SetupError(`cannot listen on ${flags.host ?? '127.0.0.1'}:${flags.port}: ${String(code)}`);
    throw err;
  }
}

export async function createDriver(flags: ConformFlags): Promise<{ driver: Driver; script: BrowserScript | null }> {
  const ways = [flags.httpOnly, flags.interactive, flags.browserScript && !flags.httpOnly && !flags.interactive].filter(Boolean).length;
  if (flags.httpOnly && flags.interactive) throw new UsageError('give one of --http-only, --interactive or --browser-script');
  if (ways === 0) throw new UsageError('say how to get through the IdP: --browser-script <file>, --http-only, or --interactive');
  const script = flags.browserScript ? loadScript(flags.browserScript) : null;
  if (flags.httpOnly) return { driver: new HttpDriver(), script };
  if (flags.interactive) return { driver: new InteractiveDriver(process.stderr), script };
  return { driver: await BrowserDriver.launch(script as BrowserScript), script };
}

/** `[ 3/11] PASSED   iat-freshness  the token arrived inside the window`: one line per module, for a person watching. */
export function progressLine(result: ModuleResult, index: number, total: number): string {
  const width = String(total).length;
  const status = `${result.status}${result.expected ? '*' : ''}`.padEnd(8);
  return `[${String(index + 1).padStart(width)}/${total}] ${status} ${result.id.padEnd(20)} ${result.summary}`;
}
