import type { ReceiverCookies } from '../entry';
import type { ConsumeRequest, LogoutTrace, Screenshot, UserSlot } from '../types';

/** Which requests are the consume route: the receiver's origin and the tenant's consume paths. */
export interface ConsumeMatcher {
  origin: string;
  patterns: RegExp[];
  /** The parameters that carry the token (redacted from what is kept). */
  tokenParams: string[];
  /** Further parameters of a credential that is not a JWT, hidden from what is kept too (DiscourseConnect's `sig`). */
  redactParams?: string[];
}

export interface DriveRequest {
  /** The IdP URL the tenant's login route sent the browser to. */
  idpUrl: string;
  /** The tenant's login route, where a person starts (the interactive driver prints it when the receiver set cookies). */
  startUrl: string;
  /** The cookies the receiver set at its login route: the session starts with them. */
  receiverCookies: ReceiverCookies[];
  user: UserSlot;
  keepSession: boolean;
  consume: ConsumeMatcher;
  timeoutMs: number;
  /** Resolves true once the receiver recorded an attempt of this login (the interactive driver waits on it). */
  arrived(timeoutMs: number): Promise<boolean>;
}

export interface Driven {
  consume: ConsumeRequest | null;
  status: number | null;
  landing: string | null;
  afterConsume: Array<{ url: string; status: number }>;
  flowMs: number | null;
  screenshots: Screenshot[];
  error: string | null;
}

/** How a run gets through the IdP: an HTTP client with a cookie jar, a headless Chromium, or a person. */
export interface Driver {
  readonly kind: 'http' | 'browser' | 'interactive';
  drive(request: DriveRequest): Promise<Driven>;
  /** POST `<tenant>/logout` with the session and follow the redirects, watching the IdP's cookies. */
  logout(tenantUrl: string, idpOrigin: string, timeoutMs: number): Promise<LogoutTrace>;
  close(): Promise<void>;
}
