import type { Receiver } from '../library/receiver';
import { routePattern } from './consume-routes';
import type { Driver } from './drivers/types';
import { idpEntry } from './entry';
import { returnParamOf } from './modules/return-url';
import { planFor, vendorOf } from './plan';
import { ReceiverLink } from './receiver-link';
import { summarise } from './result';
import type { Capture, ConformResult, LoginOptions, LogoutTrace, ModuleResult, RunContext, UserSlot } from './types';

export interface ConformOptions {
  /** A receiver started in-process (startReceiver), or the URL of a running one. */
  receiver?: Receiver;
  receiverUrl?: string;
  /** `Authorization: Bearer` for a running receiver's inspection API (its server.adminToken). */
  adminToken?: string;
  /** Default `default`. */
  tenant?: string;
  /** The tenant's secrets, for the secret-strength module (never written to a report). */
  secrets?: readonly string[];
  /** The IdP's login URL when the tenant has no remoteLoginUrl. */
  idpLoginUrl?: string;
  /** The IdP's logout URL when the tenant has no remoteLogoutUrl. */
  logoutUrl?: string;
  driver: Driver;
  users?: Record<string, UserSlot>;
  /** Run only these module ids. */
  modules?: readonly string[];
  /** Module ids whose FAILED or WARNING does not fail the run. */
  expectedFailures?: readonly string[];
  /** Per login, in ms (default 30 000). */
  timeoutMs?: number;
  /** Called as each module finishes (the CLI's progress line). */
  onModule?(result: ModuleResult, index: number, total: number): void;
}

const DEFAULT_USER: UserSlot = { fields: {}, query: {} };

/**
 * Drives an IdP through its vendor's plan against a receiver and returns the result the reports
 * are written from. Each module makes its own logins; the receiver's attempts give the verdicts.
 */
export async function conform(options: ConformOptions): Promise<ConformResult> {
  const url = (options.receiver?.url ?? options.receiverUrl ?? '').replace(/\/$/, '');
  if (!url) throw new TypeError('conform(): give receiver (from startReceiver) or receiverUrl');
  const link = new ReceiverLink(url, options.receiver ?? null, options.adminToken ?? null);
  const started = Date.now();
  try {
    const tenantId = options.tenant ?? 'default';
    const tenant = await link.tenant(tenantId);
    const vendor = vendorOf(tenant.profile);
    const { contract } = vendor;
    const hooks = vendor.plan ?? {};
    const tenantUrl = `${url}${tenant.path}`.replace(/\/$/, '');
    const tenantPath = new URL(tenantUrl).pathname.replace(/\/$/, '');
    const users: Record<string, UserSlot> = { default: DEFAULT_USER, ...options.users };
    const timeoutMs = options.timeoutMs ?? 30_000;
    const logoutUrl = options.logoutUrl ?? tenant.remoteLogoutUrl;
    const captures: Capture[] = [];
    let clockShiftMs = 0;
    let lastSecond = -1;

    async function login(request: LoginOptions): Promise<Capture> {
      // Without a jti two tokens of one user in one second are one token: a new second for each login.
      if (contract.replayKey === 'content' && Math.floor(Date.now() / 1000) === lastSecond) await new Promise((r) => setTimeout(r, 1010 - (Date.now() % 1000)));
      const slot = request.user ?? 'default';
      const user = users[slot] ?? DEFAULT_USER;
      const startedAt = Date.now();
      lastSecond = Math.floor(startedAt / 1000);
      const capture: Capture = {
        label: request.label,
        user: slot,
        requestedReturn: request.requestedReturn ?? null,
        idpUrl: '',
        consume: null,
        status: null,
        landing: null,
        afterConsume: [],
        attempt: null,
        flowMs: null,
        startedAt,
        clockShiftMs,
        screenshots: [],
        error: null,
      };
      captures.push(capture);
      try {
        const entry = await idpEntry({
          tenantUrl,
          loginPath: hooks.loginPath ?? '/login',
          returnParam: returnParamOf(contract, hooks),
          requestedReturn: request.requestedReturn ?? null,
          fallbackIdpUrl: options.idpLoginUrl ?? tenant.remoteLoginUrl,
        });
        capture.idpUrl = entry.idpUrl;
        if (request.forge) {
          const forged = new URL(capture.idpUrl);
          request.forge(forged);
          capture.idpUrl = forged.href;
        }
        const mark = await link.mark(tenantId);
        const driven = await options.driver.drive({
          idpUrl: capture.idpUrl,
          startUrl: entry.startUrl,
          receiverCookies: entry.cookies,
          user,
          keepSession: request.keepSession ?? false,
          consume: {
            origin: new URL(url).origin,
            patterns: contract.consume.map((r) => new RegExp(`^${tenantPath}${routePattern(r).source.slice(1)}`)),
            tokenParams: contract.consume.map((r) => r.tokenParam),
            redactParams: [...(contract.credential?.required ?? [])],
          },
          timeoutMs,
          arrived: async (waitMs) => (await link.after(tenantId, mark, waitMs)).length > 0,
        });
        Object.assign(capture, driven);
        const attempts = await link.after(tenantId, mark, driven.consume || options.driver.kind === 'interactive' ? 1500 : 0);
        capture.attempt = attempts[0] ?? null;
      } catch (err) {
        capture.error = (err as Error).message;
      }
      return capture;
    }

    const ctx: RunContext = {
      vendorId: vendor.id,
      contract,
      hooks,
      tenant: tenantId,
      tenantUrl,
      secrets: options.secrets ?? [],
      logoutUrl,
      users,
      driverKind: options.driver.kind,
      login,
      logout: (): Promise<LogoutTrace> => options.driver.logout(tenantUrl, logoutUrl ? new URL(logoutUrl).origin : '', timeoutMs),
      async withClockAhead(ms, fn) {
        await link.advanceClock(ms);
        clockShiftMs += ms;
        try {
          return await fn();
        } finally {
          clockShiftMs -= ms;
          await link.advanceClock(-ms);
        }
      },
      captures,
    };

    const plan = planFor(vendor.id).filter((m) => !options.modules || options.modules.includes(m.id));
    const expected = new Set(options.expectedFailures ?? []);
    const results: ModuleResult[] = [];
    for (const [index, module] of plan.entries()) {
      const begun = Date.now();
      const outcome = await module.run(ctx).catch((err: Error) => ({
        status: 'FAILED' as const,
        summary: `the module stopped: ${err.message}`,
        evidence: [{ level: 'FAILURE' as const, message: err.stack ?? err.message }],
      }));
      const result: ModuleResult = {
        id: module.id,
        title: module.title,
        rule: module.rule,
        source: module.source,
        ...outcome,
        expected: expected.has(module.id) && (outcome.status === 'FAILED' || outcome.status === 'WARNING'),
        durationMs: Date.now() - begun,
      };
      results.push(result);
      options.onModule?.(result, index, plan.length);
    }
    return summarise({ vendor, tenantId, receiverUrl: url, driver: options.driver.kind, started, results, captures });
  } finally {
    link.close();
  }
}
