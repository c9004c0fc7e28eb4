import type { LogoutTrace } from '../types';
import { CookieJar } from './cookie-jar';
import { describeConsume, isConsume } from './consume-request';
import { hiddenForm } from './html-form';
import type { DriveRequest, Driven, Driver } from './types';

const MAX_HOPS = 20;
/** Pages followed after the consume route's answer (the landing page, or the vendor's error redirect and the IdP's answer). */
const AFTER_HOPS = 3;

interface Hop {
  url: URL;
  /** The URL as the previous answer wrote it (a Location header), before any client fixed its encoding. */
  raw: string;
  method: 'GET' | 'POST';
  body: string | null;
}

/** A Location as written, made absolute without re-encoding it (what the transport lint reads). */
function rawTarget(location: string, base: URL): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(location)) return location;
  if (location.startsWith('//')) return `${base.protocol}${location}`;
  if (location.startsWith('/')) return `${base.origin}${location}`;
  return new URL(location, base).href;
}

/**
 * HTTP only: a cookie jar and redirects followed by hand, from the IdP URL to the consume route, for
 * IdPs that log a test user in without a form. An auto-submitting form of hidden fields is posted as
 * a browser would; a form to fill is reported (it needs --browser-script).
 */
export class HttpDriver implements Driver {
  readonly kind = 'http' as const;
  private readonly jar = new CookieJar();

  private async send(hop: Hop, timeoutMs: number): Promise<Response> {
    const headers: Record<string, string> = {};
    const cookie = this.jar.header(hop.url);
    if (cookie) headers.cookie = cookie;
    if (hop.body !== null) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(hop.url, { method: hop.method, headers, body: hop.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    this.jar.store(hop.url, response.headers.getSetCookie());
    return response;
  }

  /** The next request the answer leads to: its redirect, or its auto-submitting form; null when it leads nowhere. */
  private async next(response: Response, from: URL): Promise<Hop | null | string> {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const raw = rawTarget(location, from);
      return { url: new URL(raw), raw, method: 'GET', body: null };
    }
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('html')) return null;
    const form = hiddenForm(await response.text());
    if (!form) return `the page at ${from.origin}${from.pathname} (${response.status}) has a form to fill: use --browser-script`;
    const target = new URL(form.action || from.href, from);
    const encoded = new URLSearchParams(form.fields).toString();
    if (form.method === 'GET') {
      target.search = encoded;
      return { url: target, raw: target.href, method: 'GET', body: null };
    }
    return { url: target, raw: target.href, method: 'POST', body: encoded };
  }

  async drive(request: DriveRequest): Promise<Driven> {
    if (!request.keepSession) this.jar.clear();
    for (const { url, setCookies } of request.receiverCookies) this.jar.store(new URL(url), setCookies);
    const idp = new URL(request.idpUrl);
    for (const [name, value] of Object.entries(request.user.query)) idp.searchParams.set(name, value);
    let hop: Hop = { url: idp, raw: idp.href, method: 'GET', body: null };
    const started = Date.now();
    const result: Driven = { consume: null, status: null, landing: null, afterConsume: [], flowMs: null, screenshots: [], error: null };
    try {
      for (let i = 0; i < MAX_HOPS; i++) {
        if (isConsume(hop.url, request.consume)) return await this.consume(hop, request, started, result);
        const response = await this.send(hop, request.timeoutMs);
        const next = await this.next(response, hop.url);
        if (next === null)
          return { ...result, error: `the flow stopped at ${hop.url.origin}${hop.url.pathname} (${response.status}) before the consume route` };
        if (typeof next === 'string') return { ...result, error: next };
        hop = next;
      }
      return { ...result, error: `more than ${MAX_HOPS} redirects without reaching the consume route` };
    } catch (err) {
      return { ...result, error: `${hop.method} ${hop.url.origin}${hop.url.pathname}: ${(err as Error).message}` };
    }
  }

  private async consume(hop: Hop, request: DriveRequest, started: number, result: Driven): Promise<Driven> {
    const consume = describeConsume(hop.method, hop.url, hop.raw, hop.body, hop.body === null ? null : 'application/x-www-form-urlencoded', request.consume);
    const flowMs = Date.now() - started;
    const response = await this.send(hop, request.timeoutMs);
    const landing = response.headers.get('location');
    const afterConsume: Driven['afterConsume'] = [];
    let next = await this.next(response, hop.url);
    for (let i = 0; i < AFTER_HOPS && next !== null && typeof next !== 'string'; i++) {
      const answer = await this.send(next, request.timeoutMs);
      afterConsume.push({ url: next.url.href, status: answer.status });
      next = answer.status >= 300 && answer.status < 400 ? await this.next(answer, next.url) : null;
    }
    return { ...result, consume, status: response.status, landing, afterConsume, flowMs };
  }

  async logout(tenantUrl: string, idpOrigin: string, timeoutMs: number): Promise<LogoutTrace> {
    const trace: LogoutTrace = { hops: [], idpCookiesBefore: this.jar.digest(idpOrigin), idpCookiesAfter: [], error: null };
    let hop: Hop | null = { url: new URL(`${tenantUrl}/logout`), raw: `${tenantUrl}/logout`, method: 'POST', body: '' };
    try {
      for (let i = 0; hop && i < MAX_HOPS; i++) {
        const response = await this.send(hop, timeoutMs);
        trace.hops.push({ url: hop.url.href, status: response.status });
        const next: Hop | null | string = response.status >= 300 && response.status < 400 ? await this.next(response, hop.url) : null;
        hop = typeof next === 'string' ? null : next;
      }
    } catch (err) {
      trace.error = (err as Error).message;
    }
    trace.idpCookiesAfter = this.jar.digest(idpOrigin);
    return trace;
  }

  async close(): Promise<void> {
    this.jar.clear();
  }
}
