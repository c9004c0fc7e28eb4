import type { Attempt } from '../library/records';
import type { Receiver } from '../library/receiver';

/** What a run needs of a tenant, from the inspection API (GET /_receiver/tenants/:id). */
export interface TenantInfo {
  id: string;
  profile: string;
  path: string;
  remoteLoginUrl: string | null;
  remoteLogoutUrl: string | null;
}

export class ReceiverLinkError extends Error {
  override readonly name = 'ReceiverLinkError';
}

/**
 * The receiver a run drives: one started in-process (its attempts heard through on('attempt')) or a
 * running one (its inspection API polled). Either way the run reads what the receiver recorded,
 * never a second judgement of its own.
 */
export class ReceiverLink {
  private readonly heard: Attempt[] = [];
  private readonly listener = (attempt: Attempt): void => {
    this.heard.push(attempt);
  };

  constructor(
    readonly url: string,
    private readonly receiver: Receiver | null,
    private readonly adminToken: string | null,
  ) {
    receiver?.on('attempt', this.listener);
  }

  private async api(path: string, init: RequestInit = {}): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) };
    if (this.adminToken) headers.authorization = `Bearer ${this.adminToken}`;
    let response: Response;
    try {
      response = await fetch(`${this.url}/_receiver${path}`, { ...init, headers });
    } catch (err) {
      throw new ReceiverLinkError(`the receiver at ${this.url} does not answer: ${(err as Error).message}`);
    }
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    if (!response.ok) throw new ReceiverLinkError(`${init.method ?? 'GET'} /_receiver${path}: ${response.status} ${body?.message ?? ''}`.trim());
    return body;
  }

  async tenant(id: string): Promise<TenantInfo> {
    return (await this.api(`/tenants/${encodeURIComponent(id)}`)) as TenantInfo;
  }

  /** The id of the newest attempt (0 when none), so the next login's attempt is the first after it. */
  async mark(tenant: string): Promise<number> {
    if (this.receiver) return this.heard.at(-1)?.id ?? (await this.receiver.lastAttempt({ tenant }))?.id ?? 0;
    const { attempts } = (await this.api(`/attempts?tenant=${encodeURIComponent(tenant)}&limit=1`)) as { attempts: Attempt[] };
    return attempts[0]?.id ?? 0;
  }

  /** Attempts of `tenant` after `mark`, oldest first; waits up to `waitMs` for the first to be committed. */
  async after(tenant: string, mark: number, waitMs = 1500): Promise<Attempt[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const found = this.receiver
        ? this.heard.filter((a) => a.tenant === tenant && a.id > mark)
        : ((await this.api(`/attempts?tenant=${encodeURIComponent(tenant)}&limit=20`)) as { attempts: Attempt[] }).attempts
            .filter((a) => a.id > mark)
            .reverse();
      if (found.length > 0 || Date.now() >= deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Moves the receiver clock by `ms` (negative: back). */
  async advanceClock(ms: number): Promise<void> {
    if (this.receiver) this.receiver.clock.advance(ms);
    else await this.api('/clock', { method: 'PUT', body: JSON.stringify({ advanceSeconds: ms / 1000 }) });
  }

  close(): void {
    this.receiver?.off('attempt', this.listener);
  }
}
