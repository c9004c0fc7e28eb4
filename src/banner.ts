import type { AddressInfo } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { VENDORS, type ProfileId, type Vendor } from './vendors';
import { claimPath, consumeQuery, examplePath, type ConsumeRoute } from './verify/contract';
import { isWildcardAddress, localUrl, type RunningServer } from './server';
import type { Tenant } from './tenants';

/** The routes a vendor adds that a developer points a client at. */
const entriesOf = (profile: string) => (VENDORS[profile as ProfileId] as Vendor | undefined)?.entries ?? [];

const label = (word: string) => `  ${word.padEnd(10)}`;

/** The inspection API line: who may use it, or why it is off. */
const API_ACCESS = {
  loopback: (url: string) => `${url}/_receiver/openapi.json  (inspection and control API; loopback clients only)`,
  token: (url: string) => `${url}/_receiver/openapi.json  (inspection and control API; Authorization: Bearer <server.adminToken>)`,
  off: () => 'off: listening beyond loopback without server.adminToken (only /_receiver/health answers)',
} as const;

/** How to reach the debugger page, which reads everything through the API and so has its access. */
function debuggerLine(running: RunningServer, wildcard: boolean): string {
  const url = running.debuggerUrl;
  switch (running.apiAccess) {
    case 'loopback':
      return `${url}  (every attempt with its checks, the clock, a dry run; loopback clients only: --admin-token lets others in)`;
    case 'token':
      return `${url}  (the page asks for the admin token${wildcard ? '; any address above works' : ''})`;
    case 'off':
      return `off, like the API: listening beyond loopback without --admin-token. Restart with --admin-token <at least 16 characters> (or HJR_ADMIN_TOKEN) and open ${url}, or listen on 127.0.0.1`;
  }
}

/**
 * Where a receiver bound to every interface can be reached: the machine's interface addresses,
 * loopback first (IPv4 only for 0.0.0.0; IPv6 too for ::, without link-local ones, which need a zone).
 */
export function reachableUrls(address: AddressInfo, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  const all = Object.values(interfaces).flatMap((list) => list ?? []);
  const usable = all.filter((i) => (i.family === 'IPv4' || address.family === 'IPv6') && !(i.family === 'IPv6' && i.address.toLowerCase().startsWith('fe80:')));
  const ordered = [...usable.filter((i) => i.internal), ...usable.filter((i) => !i.internal)];
  return [...new Set(ordered.map((i) => `http://${i.family === 'IPv6' ? `[${i.address}]` : i.address}:${address.port}`))];
}

/** The tenant's base URL: `/` for `default`, `/t/<id>` for the others. */
function tenantBase(baseUrl: string, tenant: Tenant): string {
  return tenant.id === 'default' ? baseUrl : `${baseUrl}/t/${tenant.id}`;
}

function consumeUrl(base: string, tenant: Tenant, route: ConsumeRoute): string {
  const returnPart = route.returnParam ? `&${route.returnParam}=/tickets` : '';
  return `${base}${examplePath(route)}?${consumeQuery(tenant.profile, route, `<${tenant.algorithms.join('/')} JWT>`)}${returnPart}`;
}

function methodsNote(route: ConsumeRoute): string {
  const methods = route.methods.join(' or ');
  return route.methods.includes('POST') ? `${methods}; a POST takes ${route.tokenParam} in a form or JSON body` : methods;
}

function secretLine(tenant: Tenant, inMemory: boolean): string {
  if (tenant.secrets.length === 0) return `the configured ${tenant.algorithms.join('/')} public key`;
  if (tenant.secretSource === 'generated') {
    return `${tenant.secrets[0]}   (generated ${inMemory ? 'now; lost at exit with the :memory: database' : 'once, kept in the database'})`;
  }
  return `(from your configuration${tenant.secrets.length > 1 ? `, ${tenant.secrets.length} secrets` : ''}; not printed)`;
}

function tenantLines(tenant: Tenant, baseUrl: string, inMemory: boolean): string[] {
  const base = tenantBase(baseUrl, tenant);
  const { profile } = tenant;
  const lines = [`tenant ${tenant.id} (${profile.vendor})`];
  for (const route of profile.consume) lines.push(`${label('consume')}${consumeUrl(base, tenant, route)}  (${methodsNote(route)})`);
  for (const entry of entriesOf(profile.id)) lines.push(`${label(entry.label)}${entry.method} ${base}${entry.path}  (${entry.note})`);
  lines.push(
    `${label('login')}${base}/login  ${tenant.remoteLoginUrl ? `-> remoteLoginUrl ${tenant.remoteLoginUrl}` : '(no remoteLoginUrl: a page naming the consume URL)'}`,
  );
  const refusals = profile.refusal === 'logout-redirect' ? `; refused logins go there too, with message and kind=error` : '';
  lines.push(
    `${label('logout')}${base}/logout  ${tenant.remoteLogoutUrl ? `-> remoteLogoutUrl ${tenant.remoteLogoutUrl}${refusals}` : `(ends the session${profile.refusal === 'logout-redirect' ? '; without remoteLogoutUrl refused logins get a 401' : ''})`}`,
  );
  lines.push(`${label('portal')}${base}/home  ${base}/tickets  ${base}/kb`);
  lines.push(`${label('secret')}${secretLine(tenant, inMemory)}`);
  lines.push(`${label('window')}${profile.window(tenant.options)}`);
  lines.push(
    `${label('claims')}${(profile.variant ? { ...profile, ...profile.variant(tenant.options) } : profile).claims.map((c) => `${claimPath(c)}${c.presence === 'required' ? '' : '?'}`).join(', ')}`,
  );
  return lines;
}

/**
 * What `serve` prints once it listens: where the debugger and the API are, then for each tenant
 * its URLs, its window in numbers and its claims. A secret only when the receiver generated it (a
 * secret given by flag or file is never echoed). Each tenant ends with its `claims` line and a blank line.
 */
export function startupBanner(running: RunningServer, version: string, dbPath: string): string {
  const wildcard = isWildcardAddress(running.address.address);
  const baseUrl = localUrl(running.address);
  const inMemory = dbPath === ':memory:';
  const tenants = running.tenants.list();
  const lines = [`helpdesk-jwt-receiver ${version} listening on ${running.url}${wildcard ? ' (every interface)' : ''}`];
  if (wildcard) lines.push(`${label('reachable')}${reachableUrls(running.address).join('  ')}`);
  lines.push(`${label('debugger')}${debuggerLine(running, wildcard)}`);
  if (inMemory) {
    const generated = tenants.some((t) => t.secretSource === 'generated');
    lines.push(
      `${label('database')}:memory:  (nothing is kept: the attempts, users${generated ? ', sessions and the generated secret' : ' and sessions'} are lost at exit)`,
    );
  } else {
    lines.push(`${label('database')}${dbPath}`);
  }
  lines.push(`${label('health')}${baseUrl}/_receiver/health`, `${label('api')}${API_ACCESS[running.apiAccess](baseUrl)}`);
  lines.push(`${label('tenants')}${tenants.map((t) => `${t.id} (${t.profile.vendor})`).join(', ')}`, '');
  for (const tenant of tenants) lines.push(...tenantLines(tenant, baseUrl, inMemory), '');
  return lines.join('\n');
}

/**
 * The machine-readable twin of the banner, one JSON line (`serve --log-format json`): the bound URL
 * (the real port of `--port 0`), the debugger, and per tenant its URLs and window. Like the banner,
 * it carries a secret only when the receiver generated it.
 */
export function readyLine(running: RunningServer, version: string, dbPath: string): string {
  const baseUrl = localUrl(running.address);
  const tenants = Object.fromEntries(
    running.tenants.list().map((tenant) => {
      const base = tenantBase(baseUrl, tenant);
      return [
        tenant.id,
        {
          profile: tenant.profile.id,
          vendor: tenant.profile.vendor,
          url: base,
          consume: tenant.profile.consume.map((route) => ({ methods: route.methods, url: `${base}${examplePath(route)}`, tokenParam: route.tokenParam })),
          entries: entriesOf(tenant.profile.id).map((e) => ({ method: e.method, url: `${base}${e.path}` })),
          login: `${base}/login`,
          logout: `${base}/logout`,
          window: tenant.profile.window(tenant.options),
          ...(tenant.secretSource === 'generated' ? { generatedSecret: tenant.secrets[0] } : {}),
        },
      ];
    }),
  );
  const wildcard = isWildcardAddress(running.address.address);
  return JSON.stringify({
    event: 'ready',
    version,
    url: running.url,
    ...(wildcard ? { reachable: reachableUrls(running.address) } : {}),
    debugger: running.debuggerUrl,
    api: running.apiAccess,
    database: dbPath,
    tenants,
  });
}
