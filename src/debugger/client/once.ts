import type { AttemptDetail, Check } from './api.js';
import { el } from './dom.js';
import { instantView } from './time.js';

type Note = NonNullable<Check['once']>;
type Now = AttemptDetail['once'][number];

/** What became of a value at this login, in words (check-fields.ts ONCE_OUTCOMES). */
const OUTCOME: Record<Note['outcome'], string> = {
  redeemed: 'issued by this receiver, redeemed by this login',
  used: 'already used by an earlier login',
  expired: 'expired',
  unknown: 'never issued by this receiver (or pruned)',
  other_browser: 'issued to another browser: refused here, left for that browser',
  missing: 'not brought back',
  not_redeemed: 'not redeemed: the login was refused before its turn',
};

/** How the store holds it now. */
const NOW: Record<Now['state'], string> = {
  live: 'issued, not redeemed: still usable',
  used: 'used',
  expired: 'expired',
  unknown: 'not stored (never issued, or pruned)',
};

const when = (label: string, ms: number | null | undefined): HTMLElement | null =>
  typeof ms === 'number' ? el('div', {}, `${label} `, instantView(ms, 'stored')) : null;

/**
 * The single-use values a login the receiver started brought back (an OIDC state and nonce, a
 * DiscourseConnect nonce): per check, the value, what became of it at this login, and how the
 * store holds it now. Null when the attempt has none (the other vendors: the replay ledger instead).
 */
export function onceTable(checks: readonly Check[], now: AttemptDetail['once']): HTMLElement | null {
  const noted = checks.filter((c): c is Check & { once: Note } => c.once !== undefined);
  if (noted.length === 0) return null;
  const rows = noted.map((c) => {
    const n = c.once;
    const current = now.find((x) => x.check === c.name && x.value === n.value);
    return el(
      'tr',
      { class: `once ${n.outcome}`, attrs: { 'data-check': c.name, 'data-outcome': n.outcome, 'data-now': current?.state ?? '' } },
      el('th', { class: 'key' }, c.name),
      el('td', {}, el('code', { class: 'purpose' }, n.purpose)),
      el('td', {}, n.value === null ? el('span', { class: 'muted' }, '(none)') : el('code', { class: 'value' }, n.value)),
      el(
        'td',
        { class: 'outcome' },
        el('span', { class: `badge ${n.outcome === 'redeemed' ? 'pass' : n.outcome === 'not_redeemed' ? 'skip' : 'fail'}` }, n.outcome),
        ` ${OUTCOME[n.outcome]}`,
        when('issued', n.issuedAt),
        when('first used', n.usedAt),
        when('expired', n.expiredAt),
      ),
      el(
        'td',
        { class: 'now' },
        current ? `${current.state}: ${NOW[current.state]}` : '',
        when('issued', current?.issuedAt),
        when('used', current?.usedAt),
        when('expired', current?.expiredAt),
      ),
    );
  });
  return el(
    'table',
    { class: 'once-values' },
    el('thead', {}, el('tr', {}, el('th', {}, 'check'), el('th', {}, 'purpose'), el('th', {}, 'value'), el('th', {}, 'at this login'), el('th', {}, 'now'))),
    el('tbody', {}, ...rows),
  );
}
