import { checkToken, type TenantInfo } from './api.js';
import { byId, el, notice, replace } from './dom.js';
import { verdictView } from './render.js';
import { formatDate, receiverNow } from './time.js';

/** Paste a token, pick a tenant, see the verdict of a dry run (nothing is consumed or recorded). */
export class Checker {
  private readonly form = byId<HTMLFormElement>('check-form');
  private readonly tenant = byId<HTMLSelectElement>('check-tenant');
  private readonly token = byId<HTMLTextAreaElement>('check-token');
  private readonly status = byId<HTMLElement>('check-status');
  private readonly verdict = byId<HTMLElement>('verdict');
  /** What was last checked, so a clock change can check it again. */
  private last: { tenant: string; token: string } | null = null;

  constructor() {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const token = this.token.value.trim();
      if (!token) {
        notice(this.status, 'error', 'Paste a token first');
        return;
      }
      void this.run({ tenant: this.tenant.value, token }, 'Checked');
    });
  }

  setTenants(tenants: readonly TenantInfo[]): void {
    const chosen = this.tenant.value;
    replace(this.tenant, ...tenants.map((t) => el('option', { attrs: { value: t.id } }, t.label)));
    if (tenants.some((t) => t.id === chosen)) this.tenant.value = chosen;
  }

  /** The clock moved: the verdict on screen is checked again against it. */
  recheck(): void {
    if (this.last) void this.run(this.last, 'Checked again after the clock moved');
  }

  private async run(input: { tenant: string; token: string }, what: string): Promise<void> {
    this.last = input;
    replace(this.verdict);
    notice(this.status, 'info', 'Checking...');
    try {
      const verdict = await checkToken(input.tenant, input.token);
      const now = typeof verdict.at === 'number' ? verdict.at : receiverNow();
      replace(this.verdict, verdictView(verdict));
      notice(
        this.status,
        'ok',
        `${what} for tenant ${input.tenant}${now === null ? '' : ` at ${formatDate(now)} by the receiver clock`} (dry run: nothing consumed)`,
      );
    } catch (err) {
      replace(this.verdict);
      notice(this.status, 'error', (err as Error).message);
    }
  }
}
