import { readFileSync, writeFileSync } from 'node:fs';
import { settingRows } from '../config/defaults';
import { ERROR_CODES, type ErrorCodeDoc } from '../errors';
import { PROFILE_IDS, VENDORS, VENDOR_OPTIONS, type Vendor } from '../vendors';
import type { Profile } from '../vendors';
import { claimPath } from '../verify/contract';

/**
 * The README's reference tables, made from the code that enforces them (one source of truth).
 * `npm run docs` rewrites the marked sections; test/docs keeps the README from drifting.
 */
const cell = (s: unknown): string => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function configTable(): string {
  // The engine's settings, then each vendor's own options (from its folder), in the order the table always had.
  const vendorRows = VENDOR_OPTIONS.map(({ name, option }) => ({ key: `tenants[].options.${name}`, value: option.value, doc: option.doc }));
  const engine = settingRows();
  const firstWhitelist = engine.findIndex((r) => r.key.startsWith('tenants[].whitelist.'));
  const rows = [...engine.slice(0, firstWhitelist), ...vendorRows, ...engine.slice(firstWhitelist)].map((r) => `| \`${r.key}\` | \`${JSON.stringify(r.value)}\` | ${cell(r.doc)} |`);
  return ['| setting | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** A code answered with several statuses lists each, with when it applies, after its meaning. */
function errorTable(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, e]: [string, ErrorCodeDoc]) => {
    const statuses = Object.entries(e.statuses ?? {});
    const http = statuses.length > 0 ? statuses.map(([status]) => status).join(', ') : String(e.status);
    const when = statuses.map(([status, text]) => ` ${status}: ${text}.`).join('');
    return `| \`${code}\` | ${http} | ${cell(e.meaning + when)} |`;
  });
  return ['| code | HTTP | meaning |', '|---|---|---|', ...rows].join('\n');
}

function profileTable(p: Profile): string {
  const [consume] = p.consume;
  const routes = p.consume.map((r) => `\`${r.methods.join(' or ')} ${r.path}\` (\`${r.tokenParam}\`${r.returnParam ? `, \`${r.returnParam}\`` : ''})`).join(', ');
  const replay = { jti: 'each `jti` once per tenant', content: 'no jti in the contract: the same signed token once', once: 'the single-use values the receiver issued at its login (state, nonce), each once', none: 'not checked by the vendor (the verdict warns)' }[p.replayKey];
  const lines = [
    '| rule | value |',
    '|---|---|',
    `| consume | ${routes} |`,
    `| algorithm | ${p.algorithms.join(', ')} only${p.algorithmChoices ? ` by default; the tenant may pick one of ${p.algorithmChoices.join(', ')}` : ''} |`,
    `| window | ${cell(p.windowDoc)} |`,
    `| replay | ${replay} |`,
    p.answer === 'access-token'
      ? '| answers | JSON `{ access_token, token_type: "Bearer", expires_in }`; no cookie, no redirect |'
      : `| lands on | ${consume.returnParam ? `\`${consume.returnParam}\` (a path on the tenant), else ` : ''}\`${p.homePath}\` |`,
    `| vendor messages | ${Object.entries(p.messages).map(([code, m]) => `\`${code}\`: "${cell(m)}"`).join('; ') || 'none documented'}; otherwise "${cell(p.fallbackMessage)}" |`,
    '',
    '| claim | presence | type | rule |',
    '|---|---|---|---|',
    ...p.claims.map((c) => `| \`${claimPath(c)}\` | ${c.presence === 'warn' ? 'optional (warns when absent)' : c.presence} | ${c.kind} | ${cell(c.doc)} |`),
    '',
    `Sources: ${p.sources.join('; ')}.`,
  ];
  return lines.join('\n');
}

export function generatedSections(): Record<string, string> {
  const sections: Record<string, string> = { config: configTable(), errors: errorTable() };
  for (const id of PROFILE_IDS) {
    const { contract, readme } = VENDORS[id] as Vendor;
    sections[`profile:${id}`] = readme ? `${profileTable(contract)}\n\n${readme}` : profileTable(contract);
  }
  return sections;
}

/** The README with every `<!-- generated:NAME -->` ... `<!-- /generated:NAME -->` section made anew. */
export function renderReadme(readme: string): string {
  let out = readme;
  for (const [name, body] of Object.entries(generatedSections())) {
    const open = `<!-- generated:${name} -->`;
    const close = `<!-- /generated:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) throw new Error(`README has no ${open} ... ${close} section`);
    out = `${out.slice(0, start + open.length)}\n${body}\n${out.slice(end)}`;
  }
  return out;
}

export function updateReadme(path: string): boolean {
  const before = readFileSync(path, 'utf8');
  const after = renderReadme(before);
  if (after !== before) writeFileSync(path, after);
  return after !== before;
}
