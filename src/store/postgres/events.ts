import { createHash } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';
import { quoteIdent } from './migrate';

/** The NOTIFY channel of a schema's attempts (a channel name is at most 63 bytes, a schema may be as long). */
export const attemptChannel = (schema: string): string => `hjr_attempt_${createHash('sha256').update(schema).digest('hex').slice(0, 24)}`;

const RECONNECT_MS = 1000;

/**
 * Hears the attempts other replicas commit: one connection of its own (a LISTEN needs a session,
 * so never a pooled one), listening from the moment the store opened. Each store tags its notifications with its id and
 * skips its own (it tells its listeners itself, before its write resolves). If the connection drops
 * (the database restarted), it reconnects every second; notifications sent meanwhile are lost, so
 * `on('attempt')` across replicas is best effort during an outage, exact otherwise.
 */
export class RemoteAttempts {
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private active = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly storeId: string,
    private readonly heard: (attemptId: number) => void,
  ) {}

  /** Resolves once listening (so nothing committed after it is missed), rejects if the first LISTEN fails. */
  start(): Promise<void> {
    this.active = true;
    return this.connect();
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    const client = new Client(this.config);
    this.client = client;
    const retry = () => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      if (this.active && !this.timer)
        this.timer = setTimeout(() => {
          this.timer = null;
          if (this.active) this.connect().catch(() => undefined); // retried by its own error handler
        }, RECONNECT_MS).unref();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', (msg) => {
      const [from, id] = (msg.payload ?? '').split(':');
      if (from !== this.storeId && id) this.heard(Number(id));
    });
    const listening = client.connect().then(() => client.query(`LISTEN ${quoteIdent(this.channel)}`));
    listening.catch(retry);
    return listening.then(() => undefined);
  }
}
