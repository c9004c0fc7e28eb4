import { randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { Clock } from './clock';
import type { ReceiverConfig } from './config/load';
import { ReceiverError } from './errors';
import { apiAccessMode, isLoopbackHost, type ApiAccessMode } from './http/api/access';
import { createApp } from './http/app';
import { DEBUGGER_PATH } from './http/pages/debugger';
import { answerParserErrors } from './http/parser-errors';
import type { ReceiverStore } from './store';
import { engineChoice, openEngineStore } from './store/open-engine';
import { StoreOpenError, storeOpenError } from './store/open-error';
import { isPostgresUrl } from './store/postgres/url';
import { buildTenant, TenantRegistry } from './tenants';
import { VERSION } from './version';

export interface ServeOptions {
  clock?: Clock;
  logger?: Logger;
  /**
   * The store of `config`, already opening (`openEngineStore(engineChoice(config))`): `serve` starts
   * it before loading this module, so the worker thread's boot overlaps the loading of the HTTP
   * server's modules. Left out, it is opened here.
   */
  store?: Promise<ReceiverStore>;
}

export interface RunningServer {
  /** The bound base URL, e.g. http://127.0.0.1:8080 (with the real port when 0 was asked for). */
  url: string;
  /** The bound address; `0.0.0.0` or `::` when the receiver listens on every interface. */
  address: AddressInfo;
  /** The debugger page, by a loopback address when the receiver listens on every interface. */
  debuggerUrl: string;
  server: Server;
  store: ReceiverStore;
  tenants: TenantRegistry;
  clock: Clock;
  /** Who the inspection API under /_receiver/ answers: `token` (server.adminToken), `loopback` clients, or `off`. */
  apiAccess: ApiAccessMode;
  /** Finishes in-flight requests, then closes the database. */
  close(): Promise<void>;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** HappyFox's Key field: "prepopulated with a 32 character alphanumeric string". */
export function generateSecret(): string {
  return Array.from({ length: 32 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}

/** Bytes of headers (request line included) Node reads before answering 431 itself. */
const HEADER_ALLOWANCE = 16 * 1024;

/**
 * Between housekeeping passes while a backlog remains (a pass that found a full slice), at least...
 * (short, as the passes are: src/store/engine.ts HOUSEKEEPING_SLICE)
 */
const HOUSEKEEPING_PAUSE_MS = 25;
/**
 * ...and at least this many times the last pass took: a backlog takes at most a quarter of the
 * store's time from logins, however slow its passes (deleting rows at random places of a grown file,
 * with the checkpoints that follow, took 75-250 ms a pass; with a fixed 100 ms pause the bench's late
 * scenarios fell to ~0.05 of the baseline).
 */
const HOUSEKEEPING_PAUSE_FACTOR = 3;

/**
 * Opens the store, resolves the tenants (a generated secret is kept in the database so it survives
 * restarts), and listens. Requests too large for Node's parser still get a stable code.
 */
export async function startServer(config: ReceiverConfig, options: ServeOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? new Clock();
  const logger = options.logger ?? pino({ level: config.server.logLevel });
  const store = await (options.store ?? openEngineStore(engineChoice(config)));
  try {
    const built = [];
    for (const t of config.tenants) {
      built.push(config.generatedSecretTenants.includes(t.id) ? buildTenant(t, await store.setting(`tenant_secret:${t.id}`, generateSecret)) : buildTenant(t));
    }
    const tenants = new TenantRegistry(built);
    const api = { adminToken: config.server.adminToken, publicListener: !isLoopbackHost(config.server.host) };
    let ownUrl = ''; // known once listening; the log's debugger links use it
    const app = createApp({
      store,
      tenants,
      clock,
      logger,
      maxUrlBytes: config.server.maxUrlBytes,
      trustProxy: config.server.trustProxy,
      version: VERSION,
      api,
      baseUrl: () => ownUrl,
    });
    const callback = app.callback();
    let stopping = false;
    const maxHeaderBytes = config.server.maxUrlBytes + HEADER_ALLOWANCE;
    const server = createServer({ maxHeaderSize: maxHeaderBytes }, (req, res) => {
      // While stopping, answer in-flight requests and close their connections rather than keep them alive.
      if (stopping) res.setHeader('Connection', 'close');
      return callback(req, res);
    });
    server.on('clientError', answerParserErrors({ maxUrlBytes: config.server.maxUrlBytes, maxHeaderBytes }));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    ownUrl = localUrl(address);
    // A slice at a time, with a pause between slices: the store's one connection serves logins
    // meanwhile (back-to-back passes under a login flood starved them: the bench's late scenarios
    // fell to about 0.05 of the baseline).
    const sweep = () => {
      // The earlier of the two clocks: a test that moved the receiver's clock ahead and back must
      // not have pruned keys that are still live in real time.
      const nowMs = Math.min(clock.nowMs(), Date.now());
      const started = performance.now();
      store
        .housekeeping(
          nowMs,
          tenants.list().map((t) => t.id),
        )
        .then(
          (done) => {
            const ms = performance.now() - started;
            if (done.ledger + done.sessions + done.attempts + done.once > 0) logger.debug({ ...done, ms: Math.round(ms) }, 'housekeeping pass');
            const pause = Math.max(HOUSEKEEPING_PAUSE_MS, HOUSEKEEPING_PAUSE_FACTOR * ms);
            if (done.more && !closing) setTimeout(sweep, pause).unref();
          },
          (err: unknown) => logger.warn({ err }, 'housekeeping failed; will retry'),
        );
    };
    const housekeeping = setInterval(sweep, config.store.housekeepingIntervalSeconds * 1000);
    housekeeping.unref();
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host}:${address.port}`,
      address,
      debuggerUrl: `${ownUrl}${DEBUGGER_PATH}`,
      server,
      store,
      tenants,
      clock,
      apiAccess: apiAccessMode(api),
      close() {
        closing ??= new Promise<void>((resolve) => {
          stopping = true;
          clearInterval(housekeeping);
          server.close(() => {
            void store.close().then(resolve, resolve);
          });
          server.closeIdleConnections();
        });
        return closing;
      },
    };
  } catch (err) {
    await store.close();
    // The store refusing the first writes (a generated secret into a read-only file or role) is a start-up problem of that store.
    if (!(err instanceof ReceiverError && err.code === 'store_unavailable')) throw err;
    if (!isPostgresUrl(config.server.db)) throw storeOpenError(config.server.db, err.cause);
    // The database's own words: the detail would name the location a second time.
    const reason = `a generated secret cannot be kept: ${(err.cause as Error | undefined)?.message ?? err.detail}`;
    const hint =
      'start once with a role that may write (the secret is then read by every replica), give the secret (--secret or the config file), or grant this role INSERT on the schema';
    throw new StoreOpenError(store.location, reason, hint, { cause: err.cause });
  }
}

/** Every interface: 0.0.0.0 (IPv4) or :: (IPv6, and IPv4 too on a dual-stack host). */
export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** The bound URL, by the loopback address of its family when bound to every interface (a browser cannot open 0.0.0.0). */
export function localUrl(address: AddressInfo): string {
  const host = isWildcardAddress(address.address)
    ? address.family === 'IPv6'
      ? '[::1]'
      : '127.0.0.1'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}`;
}
