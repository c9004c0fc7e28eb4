/**
 * The credentials of the bench's accepted logins, one per request, each made before the timed run:
 * a JWT minted with jose (most vendors); Freshdesk simple SSO's hashed query; and, for the logins
 * the receiver starts (DiscourseConnect, Freshworks), an answer to a nonce (and state) the receiver
 * itself issued through its own start route just before, so each timed request is a real login that
 * redeems a value of its own. Issuing is not timed; it costs a store write per login, as it does a
 * real browser.
 */
import { createPrivateKey, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Child } from './children';
import type { DriveRequest } from './drive';
import { requestFor, TENANTS, type Scenario } from './scenarios';
import { claimsFor, mintTokens, type Vendor } from './tokens';
import { VENDORS } from '../src/vendors';

/** Start requests in flight at once while issuing nonces (the receiver answers each with a redirect). */
const ISSUE_CONCURRENCY = 16;

/** The claims of login `n` for `vendor`, from its token factory, as `claimsFor` makes them. */
function claims(vendor: Vendor, label: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { ...claimsFor(vendor, label), ...extra };
}

/** The vendor's own encoding of claims as the query of its consume route (simple SSO, DiscourseConnect). */
function encode(vendor: Vendor, fields: Record<string, unknown>): string {
  const { jti: _jti, ...rest } = fields;
  const encoder = VENDORS[vendor].factory.encode;
  if (!encoder) throw new Error(`${vendor} has no credential encoding`);
  return encoder({ claims: rest, header: {}, key: 'tenant' }, TENANTS[vendor].secret);
}

/**
 * Runs `count` start requests against the receiver, `ISSUE_CONCURRENCY` at a time, each from a
 * browser of its own (a cookie the receiver binds a DiscourseConnect nonce to): the Location of each.
 */
async function issue(server: Child, path: string, count: number): Promise<Array<{ location: URL; cookie: string }>> {
  const out = new Array<{ location: URL; cookie: string }>(count);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const i = next++;
      const cookie = `hjr_browser_${path.split('/')[2]}=${randomBytes(32).toString('base64url')}`;
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie }, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      const location = res.headers.get('location');
      if (res.status !== 302 || !location) throw new Error(`bench: ${path} answered ${res.status} without a redirect; the tenant needs a remoteLoginUrl`);
      out[i] = { location: new URL(location), cookie };
    }
  }
  await Promise.all(Array.from({ length: Math.min(ISSUE_CONCURRENCY, count) }, worker));
  return out;
}

/** `count` requests, each an accepted login of its own, in the scenario's manner. */
export async function loginRequests(server: Child, scenario: Scenario, count: number, label: string): Promise<DriveRequest[]> {
  const { vendor, carrier } = scenario;
  const { secret } = TENANTS[vendor];
  if (carrier.method !== 'GET' || !(vendor in STARTED || vendor === 'freshdesk-simple-sso')) {
    return (await mintTokens(vendor, secret, count, label)).map((t) => requestFor(carrier, t));
  }
  if (vendor === 'freshdesk-simple-sso') {
    // A used hash is refused for the window: the name carries the serial, so two logins of one user in one second differ.
    return Array.from({ length: count }, (_, i) => requestFor(carrier, encode(vendor, claims(vendor, label, { name: `Bench User ${label} ${i}` }))));
  }
  return STARTED[vendor as keyof typeof STARTED](server, scenario, count, label);
}

/** The vendors whose login the receiver starts: issue through its start route, then answer each value issued. */
const STARTED = {
  async discourse(server: Child, scenario: Scenario, count: number, label: string): Promise<DriveRequest[]> {
    const issued = await issue(server, `/t/${TENANTS.discourse.id}/session/sso`, count);
    return issued.map(({ location, cookie }) => {
      const sent = new URLSearchParams(Buffer.from(location.searchParams.get('sso') as string, 'base64').toString('utf8'));
      const query = encode('discourse', claims('discourse', label, { nonce: sent.get('nonce') }));
      // The nonce is bound to the browser that asked for it (discourseCsrfProtection): the answer comes back with its cookie.
      return { method: 'GET', path: `${(scenario.carrier as { prefix: string }).prefix}${query}`, cookie };
    });
  },
  async freshworks(server: Child, scenario: Scenario, count: number, label: string): Promise<DriveRequest[]> {
    const issued = await issue(server, `/t/${TENANTS.freshworks.id}/login`, count);
    // RS256: the tenant's secret is the IdP's private key (its public half verifies).
    const key = createPrivateKey(TENANTS.freshworks.secret);
    const header = VENDORS.freshworks.factory.header as { alg: string };
    const out: DriveRequest[] = [];
    for (const { location } of issued) {
      const idToken = await new SignJWT(claims('freshworks', label, { nonce: location.searchParams.get('nonce') })).setProtectedHeader(header).sign(key);
      const query = new URLSearchParams({ state: location.searchParams.get('state') as string, id_token: idToken });
      out.push(requestFor(scenario.carrier, query.toString()));
    }
    return out;
  },
} as const;
