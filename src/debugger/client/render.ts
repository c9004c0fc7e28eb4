import type { Check, Verdict } from './api.js';
import { el, show } from './dom.js';
import { TIME_CLAIMS, instantOf, instantView, toMs } from './time.js';

/** The ordered checks: status, name, the message with its numbers, the code a failure refuses with. */
export function checksTable(checks: readonly Check[]): HTMLElement {
  if (checks.length === 0) return el('p', { class: 'muted' }, 'No checks were recorded.');
  return el(
    'table',
    { class: 'checks' },
    el('thead', {}, el('tr', {}, el('th', {}, 'status'), el('th', {}, 'check'), el('th', {}, 'message'), el('th', {}, 'code'))),
    el(
      'tbody',
      {},
      ...checks.map((c) =>
        el(
          'tr',
          { class: `check ${c.status}`, attrs: { 'data-check': c.name } },
          el('td', {}, el('span', { class: `badge ${c.status}` }, c.status)),
          el('td', { class: 'name' }, c.name),
          el('td', { class: 'message' }, c.message, figures(c), c.hint ? el('div', { class: 'hint' }, `How to fix: ${c.hint}`) : ''),
          el('td', {}, c.code ? el('code', {}, c.code) : ''),
        ),
      ),
    ),
  );
}

/**
 * A check's fields as the page shows them beside its sentence: `reason: actual / limit unit` (the
 * numbers come from the fields, never parsed out of the message); nothing when it has none.
 */
export function figures(c: Check): HTMLElement | string {
  const unit = c.unit ? ` ${c.unit}` : '';
  const parts: string[] = [];
  if (c.actual !== undefined) parts.push(typeof c.actual === 'number' ? `${c.actual}${unit}` : JSON.stringify(c.actual).slice(0, 60));
  if (typeof c.limit === 'number') parts.push(`limit ${c.limit}${unit}`);
  if (typeof c.firstAttempt === 'number') parts.push(`first used by attempt ${c.firstAttempt}`);
  if (!c.reason && parts.length === 0) return '';
  const text = [c.reason, parts.join(', ')].filter(Boolean).join(': ');
  return el('div', { class: 'figures', attrs: { 'data-reason': c.reason ?? '' } }, c.claim ? `${c.claim} ${text}` : text);
}

/** Header or claims: one row per member, time claims with their date and delta. */
export function claimsTable(values: Record<string, unknown> | null | undefined, kind: 'header' | 'claims'): HTMLElement {
  if (!values || typeof values !== 'object')
    return el('p', { class: 'muted' }, kind === 'header' ? 'The header could not be decoded.' : 'The claims could not be decoded.');
  const rows = Object.entries(values).map(([name, value]) => {
    const instant = kind === 'claims' && TIME_CLAIMS.includes(name) ? instantOf(value) : null;
    return el(
      'tr',
      { attrs: { 'data-claim': name } },
      el('th', { class: 'key' }, name),
      el('td', {}, el('code', { class: 'value' }, show(value)), instant ? el('div', {}, instantView(instant.ms, instant.unit)) : null),
    );
  });
  if (rows.length === 0) return el('p', { class: 'muted' }, '(empty object)');
  return el('table', { class: `kv ${kind}` }, el('tbody', {}, ...rows));
}

const TIME_KEY = /(^at$|At$|Until$|Ms$|_at$|_until$)/;

/** A stored record (replay-ledger entry, user, session): its fields, stored times as date and delta. */
export function recordTable(value: unknown, none: string): HTMLElement {
  if (value === null || value === undefined) return el('p', { class: 'muted' }, none);
  if (typeof value !== 'object' || Array.isArray(value)) return el('code', { class: 'value' }, show(value));
  const rows = Object.entries(value as Record<string, unknown>).map(([name, v]) => {
    const ms = TIME_KEY.test(name) && typeof v !== 'boolean' ? toMs(v) : null;
    const asTime = ms !== null && Math.abs(ms) >= 1e11;
    return el(
      'tr',
      { attrs: { 'data-field': name } },
      el('th', { class: 'key' }, name),
      el('td', {}, el('code', { class: 'value' }, show(v)), asTime ? el('div', {}, instantView(ms, 'stored')) : null),
    );
  });
  return el('table', { class: 'kv record' }, el('tbody', {}, ...rows));
}

export function section(title: string, ...content: HTMLElement[]): HTMLElement {
  return el('section', { class: 'part' }, el('h3', {}, title), ...content);
}

/** The result line: accepted, or the code and the vendor's words, and the failing check's numbers. */
export function resultLine(accepted: boolean, code: string | null, message: string | null, checks: readonly Check[]): HTMLElement {
  if (accepted) {
    const warnings = checks.filter((c) => c.status === 'warn').length;
    return el('p', { class: 'result accepted' }, el('strong', {}, 'Accepted'), warnings ? ` with ${warnings} warning${warnings > 1 ? 's' : ''}` : '');
  }
  const failed = checks.find((c) => c.status === 'fail');
  return el(
    'p',
    { class: 'result refused' },
    el('strong', {}, 'Refused: '),
    el('code', { class: 'code' }, code ?? 'refused'),
    message ? ` (the vendor says "${message}")` : '',
    failed ? el('span', { class: 'why' }, ` at check ${failed.name}: ${failed.message}`) : '',
    failed?.hint ? el('span', { class: 'hint' }, ` How to fix: ${failed.hint}`) : '',
  );
}

/** A dry-run verdict: result, checks, header, claims, and the identity it would log in. */
export function verdictView(v: Verdict): HTMLElement {
  return el(
    'div',
    { class: `verdict ${v.accepted ? 'accepted' : 'refused'}` },
    resultLine(v.accepted, v.code, v.message, v.checks ?? []),
    section('Checks', checksTable(v.checks ?? [])),
    section('Header', claimsTable(v.header, 'header')),
    section('Claims', claimsTable(v.claims, 'claims')),
    section('Identity it would sign in', recordTable(v.identity, 'No identity (the token was refused before one was read).')),
    section('Replay ledger (not spent by a dry run)', recordTable(v.replay, 'No replay key.')),
  );
}
