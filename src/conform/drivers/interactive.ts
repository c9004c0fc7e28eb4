import type { LogoutTrace } from '../types';
import type { DriveRequest, Driven, Driver } from './types';

/**
 * A person logs in: the run prints the IdP URL and waits for the consume route to record an
 * attempt. The consume request itself is not seen, so the modules that judge it are SKIPPED.
 */
export class InteractiveDriver implements Driver {
  readonly kind = 'interactive' as const;

  constructor(private readonly out: NodeJS.WritableStream) {}

  async drive(request: DriveRequest): Promise<Driven> {
    // A receiver that set a cookie on the way (a nonce bound to the browser) must be started from in that browser.
    const url = request.receiverCookies.length > 0 ? request.startUrl : request.idpUrl;
    this.out.write(`\nOpen this URL in a browser and log in${request.user.fields.username ? ` as ${request.user.fields.username}` : ''}:\n  ${url}\n`);
    const started = Date.now();
    const arrived = await request.arrived(request.timeoutMs);
    return {
      consume: null,
      status: null,
      landing: null,
      afterConsume: [],
      flowMs: arrived ? Date.now() - started : null,
      screenshots: [],
      error: arrived ? null : `no login reached the receiver in ${Math.round(request.timeoutMs / 1000)} s`,
    };
  }

  async logout(): Promise<LogoutTrace> {
    return { hops: [], idpCookiesBefore: [], idpCookiesAfter: [], error: 'interactive: the logout is not driven' };
  }

  async close(): Promise<void> {}
}
