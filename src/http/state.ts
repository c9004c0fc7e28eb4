import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { ErrorCode } from '../errors';
import type { ReceiverStore } from '../store';
import type { TenantRegistry, Tenant } from '../tenants';
import type { Verdict } from '../verify/verdict';
import type { ApiAccess } from './api/access';

/** What the app is built from; the one clock, store and tenant list every route reads. */
export interface AppDeps {
  store: ReceiverStore;
  tenants: TenantRegistry;
  clock: Clock;
  logger: Logger;
  maxUrlBytes: number;
  /** Trust X-Forwarded-* (Koa's app.proxy). */
  trustProxy: boolean;
  version: string;
  /** Who may use the inspection API (absent: loopback clients only). */
  api?: ApiAccess;
  /**
   * The receiver's own base URL once it listens (a loopback one when it listens on every interface),
   * for the debugger links of the log; absent or empty: the request's origin.
   */
  baseUrl?: () => string;
}

/** Per-request state the named middleware hand to each other. */
export interface ReceiverState {
  tenant: Tenant;
  /** '' for the default tenant at `/`, `/t/<id>` otherwise: prefix of every URL the tenant builds. */
  basePath: string;
  /** The query string, parsed once by the consume route. */
  params?: URLSearchParams;
  /** The receiver clock, read once when a consume request starts: every check and the store judge by it. */
  nowMs?: number;
  returnPath?: string;
  /** The landing page is an absolute URL on an allowed host, not a path on this tenant. */
  returnAbsolute?: boolean;
  verdict?: Verdict;
  /**
   * Set once a consume (or exchange) request has a verdict: the id of the attempt recorded for it
   * (null when the store could not record it). The request log makes its attempt line from this.
   */
  attemptId?: number | null;
  /** What happened, for the X-Receiver-Result header (middleware/result-header.ts) and the request log. */
  result?: ErrorCode | 'accepted';
}

export type ReceiverContext = Context & { state: ReceiverState };
export type ReceiverMiddleware = (ctx: ReceiverContext, next: Next) => Promise<void> | void;

/** A router whose routes read the receiver's state (the `/_receiver` router, each profile's router). */
export type ReceiverRouter = Router<ReceiverState>;
/** The context a route of a ReceiverRouter gets: the receiver's state and the router's `params`. */
export type RoutedContext = RouterContext<ReceiverState>;
