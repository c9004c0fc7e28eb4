import { ApiError, getAttempt, listAttempts, type Attempt, type AttemptFilter, type TenantInfo } from './api.js';
import { byId, el, notice, replace } from './dom.js';
import { onceTable } from './once.js';
import { checksTable, claimsTable, recordTable, resultLine, section } from './render.js';
import { formatDate, timeOfDay, toMs } from './time.js';

/** How many of the newest attempts the list keeps. */
const LIMIT = 100;

interface Item {
  details: HTMLDetailsElement;
  body: HTMLElement;
  loaded: boolean;
}

/**
 * The live list of attempts, newest first: each poll adds the new ones on top without touching the
 * rows already shown (an open attempt stays open), and each row opens into its full detail.
 */
export class AttemptList {
  private readonly items = new Map<string, Item>();
  private readonly list = byId<HTMLElement>('attempt-list');
  private readonly status = byId<HTMLElement>('attempts-status');
  private readonly tenant = byId<HTMLSelectElement>('filter-tenant');
  private readonly result = byId<HTMLSelectElement>('filter-result');
  private readonly email = byId<HTMLInputElement>('filter-email');
  /** Where an attempt the page's URL names is shown when the list does not hold it (older, or filtered out). */
  private readonly linked = byId<HTMLElement>('attempt-linked');
  private generation = 0;
  /** The attempt the page's URL names (`#attempt=60`), until it is shown. */
  private wanted: string | null = null;
  private fetching = false;
  /** A poll has filled the list: until then, a linked attempt waits for its row there. */
  private polled = false;

  constructor() {
    const refilter = () => {
      this.clear();
      void this.poll();
    };
    this.tenant.addEventListener('change', refilter);
    this.result.addEventListener('change', refilter);
    this.email.addEventListener('change', refilter);
    byId('attempt-filter').addEventListener('submit', (e) => {
      e.preventDefault();
      refilter();
    });
  }

  setTenants(tenants: readonly TenantInfo[]): void {
    const chosen = this.tenant.value;
    replace(this.tenant, el('option', { attrs: { value: '' } }, 'all tenants'), ...tenants.map((t) => el('option', { attrs: { value: t.id } }, t.label)));
    this.tenant.value = tenants.some((t) => t.id === chosen) ? chosen : '';
  }

  clear(): void {
    this.generation++;
    this.items.clear();
    replace(this.list);
  }

  private filter(): AttemptFilter {
    return { tenant: this.tenant.value, accepted: this.result.value, email: this.email.value.trim() };
  }

  async poll(): Promise<void> {
    const generation = this.generation;
    let attempts: Attempt[];
    try {
      attempts = await listAttempts(this.filter(), LIMIT);
    } catch (err) {
      notice(this.status, 'error', `Could not read attempts: ${(err as Error).message}`);
      return;
    }
    if (generation !== this.generation) return; // the filter changed or the state was reset meanwhile
    this.polled = true;
    const ids = attempts.map((a) => String(a.id));
    for (const [id, item] of this.items) {
      if (ids.includes(id)) continue;
      item.details.remove();
      this.items.delete(id);
    }
    const shown = [...this.list.children].map((n) => (n as HTMLElement).dataset.id);
    for (const a of attempts) if (!this.items.has(String(a.id))) this.items.set(String(a.id), this.row(a));
    if (shown.join() !== ids.join()) for (const id of ids) this.list.appendChild((this.items.get(id) as Item).details);
    const at = new Date().toISOString().slice(11, 19);
    notice(
      this.status,
      'info',
      attempts.length
        ? `${attempts.length} attempt${attempts.length > 1 ? 's' : ''}, newest first (polled ${at} UTC)`
        : `No attempts yet (polled ${at} UTC). Send a token to a consume URL.`,
    );
    if (attempts.length === 0) replace(this.list, el('p', { class: 'muted empty' }, 'Nothing received yet.'));
    else this.list.querySelector('.empty')?.remove();
    await this.reveal();
  }

  /** Opens attempt `id` (named by the page's URL): its row when the list holds it, else on its own above the list. */
  show(id: string): void {
    this.wanted = id;
    for (const node of this.list.querySelectorAll('.attempt.linked')) node.classList.remove('linked');
    replace(this.linked);
    if (this.polled) void this.reveal();
  }

  private async reveal(): Promise<void> {
    const id = this.wanted;
    if (id === null || this.fetching || !this.polled) return;
    const item = this.items.get(id);
    if (item) {
      this.wanted = null;
      this.open(item);
      return;
    }
    // Not among the rows listed (older than the newest the list keeps, or filtered out): read it directly.
    this.fetching = true;
    try {
      const attempt = await getAttempt(id);
      if (this.wanted !== id) return;
      this.wanted = null;
      const own = this.items.get(id) ?? this.row(attempt);
      if (!this.items.has(id))
        replace(this.linked, el('p', { class: 'muted' }, `Attempt #${id}, opened from a link; it is not among the attempts listed below.`), own.details);
      this.open(own);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        this.wanted = null;
        replace(
          this.linked,
          el('p', { class: 'notice error' }, `Attempt #${id} is not in the store: pruned (attemptsPerTenant), cleared by a state reset, or never recorded.`),
        );
      } else {
        // A 401 waits for the admin token; anything else is retried at the next poll.
        replace(this.linked, el('p', { class: 'notice error' }, `Could not read attempt #${id}: ${(err as Error).message}`));
      }
    } finally {
      this.fetching = false;
    }
  }

  private open(item: Item): void {
    item.details.classList.add('linked');
    item.details.open = true; // the toggle event loads its detail
    item.details.scrollIntoView({ block: 'start' });
  }

  private row(a: Attempt): Item {
    const at = toMs(a.at);
    const summary = el(
      'summary',
      {},
      el('span', { class: 'id' }, `#${a.id}`),
      el('span', { class: 'time', attrs: { title: at === null ? '' : formatDate(at) } }, at === null ? '?' : timeOfDay(at)),
      el('span', { class: 'tenant' }, a.tenant),
      el('span', { class: `badge ${a.accepted ? 'pass' : 'fail'}` }, a.accepted ? 'accepted' : (a.code ?? 'refused')),
      el('span', { class: 'email' }, a.email ?? ''),
      el('span', { class: 'route' }, a.route),
    );
    const body = el('div', { class: 'attempt-body' });
    const details = el('details', { class: 'attempt', attrs: { 'data-id': String(a.id) } }, summary, body);
    const item: Item = { details, body, loaded: false };
    details.addEventListener('toggle', () => {
      if (details.open && !item.loaded) void this.load(a, item);
    });
    return item;
  }

  private async load(a: Attempt, item: Item): Promise<void> {
    item.loaded = true;
    replace(item.body, el('p', { class: 'muted' }, 'Loading...'));
    try {
      const d = await getAttempt(a.id);
      const at = toMs(d.at);
      const reload = el('button', { class: 'small', attrs: { type: 'button' }, on: { click: () => void this.load(a, item) } }, 'Reload detail');
      // A login the receiver started is stopped from a second use by its state or nonce, not by the ledger.
      const once = onceTable(d.checks ?? [], d.once ?? []);
      replace(
        item.body,
        resultLine(d.accepted, d.code, null, d.checks ?? []),
        section('Checks', checksTable(d.checks ?? [])),
        section('Header', claimsTable(d.header, 'header')),
        section('Claims', claimsTable(d.claims, 'claims')),
        once
          ? section('Single-use values', once)
          : section(
              'Replay ledger',
              recordTable(d.replay, 'No ledger entry for this key: never spent, already pruned, or no key (the token was refused before the replay check).'),
            ),
        section('User', recordTable(d.user, 'No user was created or updated.')),
        section('Session', recordTable(d.session, 'No session was created.')),
        section('Request', recordTable({ at: at ?? d.at, route: d.route, tenant: d.tenant, clientIp: d.clientIp, referer: d.referer }, '')),
        el('p', {}, reload),
      );
    } catch (err) {
      item.loaded = false;
      replace(item.body, el('p', { class: 'notice error' }, `Could not read attempt #${a.id}: ${(err as Error).message}`));
    }
  }
}
