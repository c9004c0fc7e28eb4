import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Next } from 'koa';
import { ReceiverError } from '../../errors';
import type { AppDeps, ReceiverContext } from '../state';

/** Who may use the inspection API (everything under /_receiver/ but health). */
export interface ApiAccess {
  /** `server.adminToken`: when set, every client must send `Authorization: Bearer <adminToken>`. */
  adminToken: string | null;
  /** The receiver listens beyond loopback (`server.host` is not 127.0.0.0/8, ::1 or localhost). */
  publicListener: boolean;
}

/** `token`: bearer token required; `loopback`: loopback clients only; `off`: the API does not answer. */
export type ApiAccessMode = 'token' | 'loopback' | 'off';

/** No token and no listener known: loopback clients only (createApp used without startServer). */
const LOOPBACK_ONLY: ApiAccess = { adminToken: null, publicListener: false };

export function apiAccessMode(access: ApiAccess = LOOPBACK_ONLY): ApiAccessMode {
  if (access.adminToken) return 'token';
  return access.publicListener ? 'off' : 'loopback';
}

/** An address in 127.0.0.0/8, ::1, or 127.x written as an IPv4-mapped IPv6 address. */
export function isLoopbackAddress(address: string): boolean {
  const plain = address.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIP(plain) === 4) return plain.startsWith('127.');
  if (isIP(plain) !== 6) return false;
  // The URL parser writes IPv6 in its shortest form: ::1, and ::ffff:7f00:1 for ::ffff:127.0.0.1.
  const short = new URL(`http://[${plain}]/`).hostname;
  return short === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(short);
}

/** A listen host that only this machine can reach: 127.0.0.0/8, ::1 or `localhost`. 0.0.0.0 and :: are every interface. */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || isLoopbackAddress(name);
}

/**
 * Every address the request passed through: the socket's peer and, when X-Forwarded-For is
 * trusted, each hop it lists. The request is local only if all of them are loopback, so a client
 * cannot pass as local by writing `127.0.0.1` into the header the proxy appends to.
 */
function requestHops(ctx: ReceiverContext, trustProxy: boolean): string[] {
  const hops = [ctx.req.socket.remoteAddress ?? ''];
  if (trustProxy)
    hops.push(
      ...ctx
        .get('X-Forwarded-For')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
    );
  return hops;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** RFC 6750: `Bearer`, any case, then the token. */
const BEARER = /^Bearer +(\S+) *$/i;

/**
 * The guard in front of every API route but health: the admin token when one is configured
 * (compared in constant time over equal-length digests), else loopback clients only, and nothing
 * at all when the receiver listens beyond loopback without a token.
 */
export function requireApiAccess(deps: Pick<AppDeps, 'api' | 'trustProxy'>) {
  const access = deps.api ?? LOOPBACK_ONLY;
  const mode = apiAccessMode(access);
  const expected = access.adminToken ? digest(access.adminToken) : null;

  return async function requireApiAccess(ctx: ReceiverContext, next: Next): Promise<void> {
    if (expected) {
      const given = BEARER.exec(ctx.get('Authorization'));
      if (!given) {
        ctx.set('WWW-Authenticate', 'Bearer realm="_receiver"');
        throw new ReceiverError('admin_token_missing', 'Unauthorized', 'this receiver has server.adminToken set: send "Authorization: Bearer <adminToken>"');
      }
      if (!timingSafeEqual(digest(given[1] as string), expected)) {
        ctx.set('WWW-Authenticate', 'Bearer realm="_receiver", error="invalid_token"');
        throw new ReceiverError('admin_token_invalid', 'Unauthorized', 'the bearer token is not server.adminToken');
      }
      return next();
    }
    if (mode === 'off') {
      throw new ReceiverError(
        'api_disabled',
        'Forbidden',
        'the receiver listens beyond loopback without server.adminToken, so the inspection API is off; set server.adminToken, or listen on 127.0.0.1',
      );
    }
    const outside = requestHops(ctx, deps.trustProxy).find((hop) => !isLoopbackAddress(hop));
    if (outside !== undefined) {
      throw new ReceiverError(
        'api_loopback_only',
        'Forbidden',
        `the inspection API answers loopback clients only (this request came from ${outside.slice(0, 64) || 'an unknown address'}); set server.adminToken to use it from elsewhere`,
      );
    }
    // DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 reaches us from a
    // loopback socket, but its Host header still names evil.example.
    if (!isLoopbackHost(ctx.hostname)) {
      throw new ReceiverError(
        'api_loopback_only',
        'Forbidden',
        `the inspection API answers requests addressed to a loopback name only (Host: ${ctx.hostname.slice(0, 64)}); set server.adminToken to use it under another name`,
      );
    }
    await next();
  };
}

/** What every API route but health starts with: the JSON error answers (json-errors.ts), then requireApiAccess. */
export type ApiGuard = Array<(ctx: ReceiverContext, next: Next) => Promise<void>>;
