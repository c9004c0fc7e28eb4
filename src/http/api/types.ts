import type { StoreHealth } from '../../store';
import type { Attempt, User } from '../../library/records';
/**
 * The JSON shapes of the inspection and control API under `/_receiver/`. Times are milliseconds
 * since the epoch by the receiver clock (GET /_receiver/clock also gives ISO), as in the store.
 * GET /_receiver/openapi.json describes the same shapes for tools.
 */
import type { Identity } from '../../verify/contract';
import type { ErrorCode } from '../../errors';
import type { TenantOptions, WhitelistConfig } from '../../config/schema';
import type { Check, Verdict } from '../../verify/verdict';

/** Every refusal of the API: a stable code, a short message, what the developer needs. */
export interface ApiErrorJson {
  error: ErrorCode | string;
  message: string;
  detail: string;
  /** `request_invalid`: one line per path at fault, e.g. `whitelist.mode must be one of referer, email, either`. */
  problems?: string[];
}

/** One recorded consume attempt: the verdict, never the token (the library's Attempt, as JSON). */
export type AttemptJson = Attempt;

/** GET /_receiver/attempts: newest first. */
export interface AttemptListJson {
  attempts: AttemptJson[];
}

/** The replay-ledger row of an attempt's key. */
export interface ReplayJson {
  kind: 'jti' | 'content';
  /** `jti:<jti>`, or `sha256:<hash of the signed content>` for vendors without jti. */
  key: string;
  /** The ledger still has the key: a token carrying it is refused as `token_replayed`. */
  held: boolean;
  /** When the key was spent (by this attempt, or by the earlier one a replay collided with); null once no longer held. */
  usedAt: number | null;
  /** When the ledger may forget it; null once no longer held. */
  keepUntil: number | null;
}

/** The session an accepted attempt created, by a short public reference (never the session id). */
export interface AttemptSessionJson {
  /** The first 8 characters of the session id's SHA-256 (base64url), as GET /_receiver/sessions lists it. */
  ref: string;
  /** `ended`: no longer stored (logged out, replaced by a later login, cleared or pruned). */
  state: 'live' | 'expired' | 'ended';
  createdAt: number | null;
  expiresAt: number | null;
}

/** GET /_receiver/attempts/:id */
export interface AttemptDetailJson extends AttemptJson {
  replay: ReplayJson | null;
  user: UserJson | null;
  session: AttemptSessionJson | null;
}

/** A user the receiver created or updated (the library's User, as JSON). */
export type UserJson = User;

/** GET /_receiver/users: oldest first. */
export interface UserListJson {
  users: UserJson[];
}

/** A live portal session or Zoho access token. */
export interface SessionJson {
  ref: string;
  tenant: string;
  userId: number;
  email: string;
  createdAt: number;
  expiresAt: number;
  expiresInSeconds: number;
}

/** GET /_receiver/sessions: live by the receiver clock, newest first. */
export interface SessionListJson {
  sessions: SessionJson[];
}

/** DELETE /_receiver/state: rows removed per table. */
export interface StateDeletedJson {
  /** null: every tenant. */
  tenant: string | null;
  deleted: { attempts: number; users: number; sessions: number; ledger: number };
}

/** A tenant as served now; its secrets are never shown, only counted. */
export interface TenantJson {
  id: string;
  profile: string;
  vendor: string;
  /** `/` for the default tenant, `/t/<id>/` otherwise. */
  path: string;
  /** Every consume route with its methods and full path, e.g. `GET /t/acme/jwt/`. */
  consume: string[];
  algorithms: string[];
  secrets: { count: number; source: 'config' | 'generated' };
  remoteLoginUrl: string | null;
  remoteLogoutUrl: string | null;
  whitelist: WhitelistConfig;
  options: TenantOptions;
}

export interface TenantListJson {
  tenants: TenantJson[];
}

/** POST /_receiver/tenants: one entry of the config file's `tenants` array. */
export interface TenantCreateJson {
  id: string;
  profile: string;
  secret?: string;
  secrets?: string[];
  remoteLoginUrl?: string;
  remoteLogoutUrl?: string;
  whitelist?: Partial<WhitelistConfig>;
  options?: Partial<TenantOptions>;
}

/** PATCH /_receiver/tenants/:id: a JSON merge patch (RFC 7396) of the tenant's settings; null removes a setting. */
export type TenantPatchJson = {
  [K in Exclude<keyof TenantCreateJson, 'id' | 'whitelist' | 'options'>]?: TenantCreateJson[K] | null;
} & {
  whitelist?: { [K in keyof WhitelistConfig]?: WhitelistConfig[K] | null } | null;
  options?: { [K in keyof TenantOptions]?: TenantOptions[K] | null } | null;
};

export interface ClockJson {
  mode: 'real' | 'offset' | 'frozen';
  nowMs: number;
  now: string;
  /** mode `offset`: how far the receiver clock is from real time. */
  offsetSeconds?: number;
  /** mode `frozen`: the instant it stands at. */
  frozenAt?: string;
}

/** PUT /_receiver/clock: exactly one of these. */
export type ClockChangeJson = { frozenAt: string | number } | { offsetSeconds: number } | { advanceSeconds: number };

/** POST /_receiver/check */
export interface CheckRequestJson {
  /** Default `default`. */
  tenant?: string;
  token: string;
  /** The consume request's Referer / Origin, for HappyFox whitelisting by referer. */
  referer?: string;
  origin?: string;
}

/** POST /_receiver/check: the full verdict of a dry run; nothing spent, nothing created or recorded. */
export interface CheckJson extends Omit<Verdict, 'replay'> {
  dryRun: true;
  tenant: string;
  profile: string;
  /** The receiver-clock instant the token was judged at. */
  at: number;
  replay: {
    applied: false;
    /** null when the token has no key (it failed an earlier check, or the vendor checks no replays). */
    kind: 'jti' | 'content' | null;
    key: string | null;
    /** The key is in the ledger now: a consume request with this token would be refused as `token_replayed`. */
    held: boolean;
    usedAt: number | null;
    keepUntil: number | null;
  };
}

export interface HealthJson {
  /** The store's state: `busy` while another process holds its write lock, `read_only`, `unavailable` (HTTP 503). */
  status: StoreHealth['state'];
  version: string;
  /** `ok`, or why not. */
  database: string;
  /** Rows and bytes per table (null while the store is busy or unavailable). */
  tables: StoreHealth['tables'];
  clock: { mode: string; nowMs: number };
  uptimeSeconds: number;
  tenants: Array<{ id: string; profile: string }>;
}

export type { Check, Identity };
