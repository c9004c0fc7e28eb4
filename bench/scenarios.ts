/**
 * The bench's scenarios, the receiver's tenants they run against, and how a token becomes a
 * request for each of them. One accepted-login route per profile (HappyFox also at 50 connections,
 * with a refused replay and a --log-level silent receiver), each compared with the bare baseline, and
 * the HappyFox login as a user would write it instead (Express + jsonwebtoken, two ways).
 */
import { dirname, join } from 'node:path';
import type { DriveRequest } from './drive';
import { GOLDEN_RSA_PRIVATE_KEY } from '../src/mint/test-keys';
import { randomSecret, type Vendor } from './tokens';

/** `receiver-b`: the other build of an A/B run (BENCH_RECEIVER_B_CLI), on its own database. `receiver-pg2`: two receiver processes on the same PostgreSQL schema, the load split over both. */
export type ServerKind = 'baseline' | 'receiver' | 'receiver-b' | 'receiver-silent' | 'receiver-pg' | 'receiver-pg2' | ExpressKind;
/** Express 5 + jsonwebtoken with the same three writes (bench/express-server.ts): the secret as a string, or as a KeyObject. */
export type ExpressKind = 'express-string' | 'express-keyobject';

export function isReceiver(kind: ServerKind): boolean {
  return kind === 'receiver' || kind === 'receiver-b' || kind === 'receiver-silent' || kind === 'receiver-pg' || kind === 'receiver-pg2';
}

/**
 * The run's order: each round (`#2`, `#3`... after the first, each against its own round's
 * baselines) runs the scenarios in turn, and with an A/B build each `receiver` scenario is followed
 * at once by its twin on the B build (`<id>@B`), so both see the same load on the machine.
 */
export function interleave(scenarios: readonly Scenario[], rounds: number, withB: boolean): Scenario[] {
  const out: Scenario[] = [];
  for (let round = 1; round <= rounds; round++) {
    const tag = round === 1 ? '' : `#${round}`;
    for (const s of scenarios) {
      const inRound = { ...s, id: `${s.id}${tag}`, baseline: `${s.baseline}${tag}` };
      out.push(inRound);
      if (withB && s.server === 'receiver') out.push({ ...inRound, id: `${s.id}@B${tag}`, title: `${s.title} (B build)`, server: 'receiver-b' });
    }
  }
  return out;
}
export type TokenMode = 'distinct' | 'cycled' | 'replayed';

/** How a token travels: in the query of a GET, or as one parameter of a POSTed form or JSON body. */
export type Carrier =
  { method: 'GET'; /** Path and query up to the token. */ prefix: string } | { method: 'POST'; path: string; param: string; body: 'form' | 'json' };

/** What an accepted login answers: a session cookie and a redirect, or an access token in JSON. */
export type Answer = { kind: 'session-redirect'; /** The end of the Location header. */ landing: string } | { kind: 'access-token'; expiresIn: number };

/** A tenant of the receiver's config file; each has its own secret. */
export interface Tenant {
  id: string;
  profile: string;
  secret: string;
  /** Where the receiver's own login route sends the browser (DiscourseConnect, Freshworks): never visited, the bench answers in its place. */
  remoteLoginUrl?: string;
}

/**
 * One tenant per profile. The default tenant (HappyFox) is at `/`, the others at `/t/<id>/`
 * (src/config/schema.ts). The Zendesk tenant has no remoteLogoutUrl on purpose: with one, a refusal
 * would be a 302 as well and the status check could not tell it from an accepted login.
 */
export const TENANTS: Record<Vendor, Tenant> = {
  happyfox: { id: 'default', profile: 'happyfox', secret: randomSecret() },
  mojo: { id: 'mojo', profile: 'mojo', secret: randomSecret() },
  deskpro: { id: 'deskpro', profile: 'deskpro', secret: randomSecret() },
  zendesk: { id: 'zendesk', profile: 'zendesk', secret: randomSecret() },
  'zoho-asap': { id: 'zoho', profile: 'zoho-asap', secret: randomSecret() },
  kayako: { id: 'kayako', profile: 'kayako', secret: randomSecret() },
  canny: { id: 'canny', profile: 'canny', secret: randomSecret() },
  'helpscout-docs': { id: 'helpscout', profile: 'helpscout-docs', secret: randomSecret() },
  'freshdesk-sso-v2': { id: 'fdv2', profile: 'freshdesk-sso-v2', secret: randomSecret() },
  'zendesk-messaging': { id: 'messaging', profile: 'zendesk-messaging', secret: randomSecret() },
  'freshdesk-simple-sso': { id: 'freshdesk-simple-sso', profile: 'freshdesk-simple-sso', secret: randomSecret() },
  discourse: { id: 'discourse', profile: 'discourse', secret: randomSecret(), remoteLoginUrl: 'https://idp.bench.example/discourse/sso' },
  // RS256: the secret is the IdP's private key (its public half verifies).
  freshworks: { id: 'freshworks', profile: 'freshworks', secret: GOLDEN_RSA_PRIVATE_KEY, remoteLoginUrl: 'https://idp.bench.example/oauth2/authorize' },
};

export interface Scenario {
  id: string;
  title: string;
  server: ServerKind;
  connections: number;
  vendor: Vendor;
  carrier: Carrier;
  tokens: TokenMode;
  expectedStatus: number;
  answer: Answer;
  /** The baseline scenario whose req/s this one is compared with. */
  baseline: string;
  /**
   * Credentials to make per second of warm-up, and at least per second of the measured run (beside
   * twice the warm-up's rate): lower for logins whose nonce the receiver issues first (bench/credentials.ts),
   * each costing a request and a store write before the run. Absent: the JWT vendors' figures.
   */
  supply?: { warmupRate: number; minRate: number };
}

/** Logins the receiver starts: their nonces are issued through its own route before the run, not minted. */
const ISSUED = { warmupRate: 1500, minRate: 500 } as const;

const HAPPYFOX: Carrier = { method: 'GET', prefix: '/jwt/?token=' };
const HOME: Answer = { kind: 'session-redirect', landing: '/home' };

/** Every scenario, in the order they run; the silent one last (it starts a second receiver). */
export function buildScenarios(withSilent: boolean, withPostgres = true): Scenario[] {
  const common = { connections: 10, tokens: 'distinct', expectedStatus: 302, answer: HOME, baseline: 'baseline-10' } as const;
  return [
    { ...common, id: 'baseline-10', title: 'bare Koa 302 + Set-Cookie', server: 'baseline', vendor: 'happyfox', carrier: HAPPYFOX, tokens: 'cycled' },
    {
      ...common,
      id: 'baseline-50',
      title: 'bare Koa 302 + Set-Cookie',
      server: 'baseline',
      connections: 50,
      vendor: 'happyfox',
      carrier: HAPPYFOX,
      tokens: 'cycled',
      baseline: 'baseline-50',
    },
    { ...common, id: 'consume-10', title: 'HappyFox GET /jwt/ accepted', server: 'receiver', vendor: 'happyfox', carrier: HAPPYFOX },
    {
      ...common,
      id: 'consume-50',
      title: 'HappyFox GET /jwt/ accepted',
      server: 'receiver',
      connections: 50,
      vendor: 'happyfox',
      carrier: HAPPYFOX,
      baseline: 'baseline-50',
    },
    {
      ...common,
      id: 'replay-10',
      title: 'HappyFox replayed jti refused (401)',
      server: 'receiver',
      vendor: 'happyfox',
      carrier: HAPPYFOX,
      tokens: 'replayed',
      expectedStatus: 401,
    },
    {
      ...common,
      id: 'express-string-10',
      title: 'Express + jsonwebtoken (string secret), 3 writes',
      server: 'express-string',
      vendor: 'happyfox',
      carrier: HAPPYFOX,
    },
    {
      ...common,
      id: 'express-keyobject-10',
      title: 'Express + jsonwebtoken (KeyObject), 3 writes',
      server: 'express-keyobject',
      vendor: 'happyfox',
      carrier: HAPPYFOX,
    },
    {
      ...common,
      id: 'mojo-10',
      title: 'Mojo GET /t/mojo/jwt/consume accepted',
      server: 'receiver',
      vendor: 'mojo',
      carrier: { method: 'GET', prefix: '/t/mojo/jwt/consume?token=' },
    },
    {
      ...common,
      id: 'deskpro-10',
      title: 'Deskpro GET /t/deskpro/login/authenticate-callback/1 accepted',
      server: 'receiver',
      vendor: 'deskpro',
      carrier: { method: 'GET', prefix: '/t/deskpro/login/authenticate-callback/1?jwt=' },
    },
    {
      ...common,
      id: 'zendesk-10',
      title: 'Zendesk POST /t/zendesk/access/jwt (form) accepted',
      server: 'receiver',
      vendor: 'zendesk',
      carrier: { method: 'POST', path: '/t/zendesk/access/jwt', param: 'jwt', body: 'form' },
    },
    {
      ...common,
      id: 'zoho-10',
      title: 'Zoho ASAP POST /t/zoho/asap/jwt (JSON) accepted',
      server: 'receiver',
      vendor: 'zoho-asap',
      carrier: { method: 'POST', path: '/t/zoho/asap/jwt', param: 'jwt', body: 'json' },
      expectedStatus: 200,
      answer: { kind: 'access-token', expiresIn: 3600 },
    },
    {
      ...common,
      id: 'kayako-10',
      title: 'Kayako GET /t/kayako/Base/SSO/JWT/ accepted',
      server: 'receiver',
      vendor: 'kayako',
      carrier: { method: 'GET', prefix: '/t/kayako/Base/SSO/JWT/?type=customer&jwt=' },
    },
    {
      ...common,
      id: 'canny-10',
      title: 'Canny GET /t/canny/api/redirects/sso accepted',
      server: 'receiver',
      vendor: 'canny',
      carrier: { method: 'GET', prefix: '/t/canny/api/redirects/sso?companyID=canny&ssoToken=' },
    },
    {
      ...common,
      id: 'helpscout-10',
      title: 'Help Scout Docs GET /t/helpscout/authcallback accepted',
      server: 'receiver',
      vendor: 'helpscout-docs',
      carrier: { method: 'GET', prefix: '/t/helpscout/authcallback?returnTo=/&token=' },
      answer: { kind: 'session-redirect', landing: '/' },
    },
    {
      ...common,
      id: 'freshdesk-sso-v2-10',
      title: 'Freshdesk SSO v2 GET /t/fdv2/login/sso_v2 accepted',
      server: 'receiver',
      vendor: 'freshdesk-sso-v2',
      carrier: { method: 'GET', prefix: '/t/fdv2/login/sso_v2?jwt_token=' },
    },
    {
      ...common,
      id: 'zendesk-messaging-10',
      title: 'Zendesk messaging POST /t/messaging/messaging/login (JSON) accepted',
      server: 'receiver',
      vendor: 'zendesk-messaging',
      carrier: { method: 'POST', path: '/t/messaging/messaging/login', param: 'jwt', body: 'json' },
      expectedStatus: 200,
      answer: { kind: 'access-token', expiresIn: 28800 },
    },
    {
      ...common,
      id: 'freshdesk-simple-sso-10',
      title: 'Freshdesk simple SSO GET /t/freshdesk-simple-sso/login/sso accepted',
      server: 'receiver',
      vendor: 'freshdesk-simple-sso',
      carrier: { method: 'GET', prefix: '/t/freshdesk-simple-sso/login/sso?' },
    },
    {
      ...common,
      id: 'discourse-10',
      title: 'DiscourseConnect GET /t/discourse/session/sso_login accepted (nonce issued by /session/sso)',
      server: 'receiver',
      vendor: 'discourse',
      carrier: { method: 'GET', prefix: '/t/discourse/session/sso_login?' },
      supply: ISSUED,
    },
    {
      ...common,
      id: 'freshworks-10',
      title: 'Freshworks GET /t/freshworks/sp/OIDC/1/implicit accepted (state and nonce issued by /login)',
      server: 'receiver',
      vendor: 'freshworks',
      carrier: { method: 'GET', prefix: '/t/freshworks/sp/OIDC/1/implicit?' },
      supply: ISSUED,
    },
    // The same logins on a PostgreSQL store (bench/postgres.ts), one replica, then two (half the
    // connections and half the tokens each, the results summed); the ratio to the same baselines.
    ...(withPostgres
      ? ([
          { ...common, id: 'consume-pg-10', title: 'HappyFox accepted, PostgreSQL store', server: 'receiver-pg', vendor: 'happyfox', carrier: HAPPYFOX },
          {
            ...common,
            id: 'consume-pg-50',
            title: 'HappyFox accepted, PostgreSQL store',
            server: 'receiver-pg',
            connections: 50,
            vendor: 'happyfox',
            carrier: HAPPYFOX,
            baseline: 'baseline-50',
          },
          {
            ...common,
            id: 'consume-pg2-10',
            title: 'HappyFox accepted, PostgreSQL store, 2 replicas',
            server: 'receiver-pg2',
            vendor: 'happyfox',
            carrier: HAPPYFOX,
          },
          {
            ...common,
            id: 'replay-pg-10',
            title: 'HappyFox replayed jti refused (401), PostgreSQL store',
            server: 'receiver-pg',
            vendor: 'happyfox',
            carrier: HAPPYFOX,
            tokens: 'replayed',
            expectedStatus: 401,
          },
        ] satisfies Scenario[])
      : []),
    ...(withSilent
      ? [
          {
            ...common,
            id: 'consume-10-silent',
            title: 'HappyFox accepted, --log-level silent',
            server: 'receiver-silent',
            vendor: 'happyfox',
            carrier: HAPPYFOX,
          } satisfies Scenario,
        ]
      : []),
  ];
}

/** The request that carries `token` in the scenario's manner. */
export function requestFor(carrier: Carrier, token: string): DriveRequest {
  if (carrier.method === 'GET') return `${carrier.prefix}${token}`;
  return carrier.body === 'form'
    ? {
        method: 'POST',
        path: carrier.path,
        body: Buffer.from(`${carrier.param}=${encodeURIComponent(token)}`),
        contentType: 'application/x-www-form-urlencoded',
      }
    : { method: 'POST', path: carrier.path, body: Buffer.from(JSON.stringify({ [carrier.param]: token })), contentType: 'application/json' };
}

/** The route as the results show it, up to the token: `/jwt/?token=`, `POST /t/zoho/asap/jwt {"jwt":`. */
export function routeLabel(carrier: Carrier): string {
  if (carrier.method === 'GET') return carrier.prefix;
  return carrier.body === 'form' ? `POST ${carrier.path} form ${carrier.param}=` : `POST ${carrier.path} JSON {"${carrier.param}":`;
}

/**
 * The profile ids the receiver that runs (cli.js) registers, from its own build's registry
 * (`<dir of cli.js>/vendors/index.js`, or `profiles/index.js` in builds before vendors were
 * folders, for A/B runs); null when neither can be read.
 */
export function registeredProfiles(cli: string): Set<string> | null {
  for (const registry of [
    ['vendors', 'index.js'],
    ['profiles', 'index.js'],
  ]) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the registry of whichever build is under test, found at run time
      const mod = require(join(dirname(cli), ...registry)) as { PROFILES?: Record<string, unknown> };
      if (mod.PROFILES) return new Set(Object.keys(mod.PROFILES));
    } catch {
      // not this layout
    }
  }
  return null;
}

/** The receiver's config file: one tenant for each profile the receiver registers. */
export function receiverConfig(
  registered: Set<string> | null,
  housekeepingSeconds?: number,
): { tenants: Array<Tenant>; store?: { housekeepingIntervalSeconds: number } } {
  return {
    // Unset, the receiver's default (60 s): only the late scenarios of a full run meet a pass.
    ...(housekeepingSeconds ? { store: { housekeepingIntervalSeconds: housekeepingSeconds } } : {}),
    tenants: Object.values(TENANTS)
      .filter((t) => !registered || registered.has(t.profile))
      .map(({ id, profile, secret, remoteLoginUrl }) => ({ id, profile, secret, ...(remoteLoginUrl ? { remoteLoginUrl } : {}) })),
  };
}
