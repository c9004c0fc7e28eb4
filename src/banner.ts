import type { RunningServer } from './server';

/** The inspection API line: who may use it, or why it is off. */
const API_ACCESS = {
  loopback: (url: string) => `${url}/_receiver/openapi.json  (inspection and control API; loopback clients only)`,
  token: (url: string) => `${url}/_receiver/openapi.json  (inspection and control API; Authorization: Bearer <server.adminToken>)`,
  off: () => 'off: listening beyond loopback without server.adminToken (only /_receiver/health answers)',
} as const;

/**
 * What `serve` prints once it listens: for each tenant its consume URL and pages, and the secret
 * only when the receiver generated it (a secret given by flag or file is never echoed).
 */
export function startupBanner(running: RunningServer, version: string, dbPath: string): string {
  const lines = [`helpdesk-jwt-receiver ${version} listening on ${running.url}`, `  database  ${dbPath}`, `  health    ${running.url}/_receiver/health`, `  api       ${API_ACCESS[running.apiAccess](running.url)}`, ''];
  for (const tenant of running.tenants.list()) {
    const base = tenant.id === 'default' ? running.url : `${running.url}/t/${tenant.id}`;
    const [consume] = tenant.profile.consume;
    const returnPart = consume.returnParam ? `&${consume.returnParam}=/tickets` : '';
    lines.push(`tenant ${tenant.id} (${tenant.profile.vendor})`);
    lines.push(`  consume   ${base}${consume.path}?${consume.tokenParam}=<${tenant.algorithms.join('/')} JWT>${returnPart}`);
    lines.push(`  portal    ${base}/home  ${base}/tickets  ${base}/kb`);
    if (tenant.secrets.length === 0) {
      lines.push(`  key       the configured ${tenant.algorithms.join('/')} public key`);
    } else if (tenant.secretSource === 'generated') {
      lines.push(`  secret    ${tenant.secrets[0]}   (generated once, kept in the database)`);
    } else {
      lines.push(`  secret    (from your configuration${tenant.secrets.length > 1 ? `, ${tenant.secrets.length} secrets` : ''}; not printed)`);
    }
    lines.push(`  window    ${tenant.profile.windowDoc}`);
    lines.push(`  claims    ${tenant.profile.claims.map((c) => `${c.name}${c.presence === 'required' ? '' : '?'}`).join(', ')}`);
    lines.push('');
  }
  return lines.join('\n');
}
