import { VENDOR_ERROR_CODES } from './vendors/error-codes';

/**
 * One stable code: the HTTP status it is answered with, and what it means. A code answered with
 * more than one status lists each in `statuses` with when it applies, and whoever throws it chooses
 * one (the compiler asks for it); `status` is then the usual one.
 */
export interface ErrorCodeDoc {
  readonly status: number;
  readonly statuses?: Readonly<Record<number, string>>;
  readonly meaning: string;
}

/** Codes and their documentation; the engine has one table, and a vendor may export its own. */
export type ErrorCodeTable = Readonly<Record<string, ErrorCodeDoc>>;

/** The codes of the engine: every vendor's requests, tokens and checks, the inspection API, the receiver. */
const ENGINE_CODES = {
  // The request itself (HTTP 400 unless noted).
  tenant_unknown: { status: 404, meaning: 'No tenant is served at this path (an unknown /t/<id>/ never falls back to the default tenant).' },
  method_not_allowed: {
    status: 405,
    statuses: { 405: 'a method the router knows (`Allow` lists those this path takes)', 501: 'a method the router does not know at all' },
    meaning: 'The path exists, but not for this method (a consume route takes only the methods of its vendor, never HEAD; logout is POST).',
  },
  route_unknown: { status: 404, meaning: 'The tenant has no page at this path (the consume route of each profile is listed in the answer).' },
  request_malformed: { status: 400, meaning: "Node's HTTP parser could not read the request (bad syntax), or a request body is not valid form data or JSON." },
  request_too_large: {
    status: 414,
    statuses: {
      413: 'a body over its limit (64 kB on a POST consume route, 256 kB on the inspection API)',
      414: 'a URL over `server.maxUrlBytes`',
      431: "a request line and headers over what Node's parser reads (`server.maxUrlBytes` + 16 kB); 414 instead when it sees the request line alone is over `server.maxUrlBytes`",
    },
    meaning: 'The request is over a size limit; the status says which part.',
  },
  token_missing: { status: 400, meaning: 'The token parameter is absent or empty.' },
  token_repeated: { status: 400, meaning: 'The token parameter appears more than once in the request.' },
  token_too_large: { status: 400, meaning: 'The token is longer than the configured maximum.' },
  token_malformed: { status: 400, meaning: 'Not a compact JWS: wrong number of parts, characters outside base64url, padding, or a non-canonical encoding.' },
  token_is_jwe: { status: 400, meaning: 'A five-part JWE was sent; helpdesk vendors accept only signed (JWS) tokens.' },
  header_invalid: { status: 400, meaning: 'The JOSE header is not a JSON object in valid UTF-8 without duplicate members.' },
  payload_invalid: { status: 400, meaning: 'The payload is not a JSON object in valid UTF-8 without duplicate members.' },
  // The token's header (HTTP 401).
  alg_not_allowed: {
    status: 401,
    meaning: 'The header alg is not in the tenant\'s allowlist (never "none", never an algorithm other than the one the vendor uses).',
  },
  header_unsupported: { status: 401, meaning: 'The header asks for something the vendor does not support: crit, b64, or other extensions.' },
  token_nested: { status: 401, meaning: 'The header says the payload is itself a JWT (cty JWT); nested tokens are refused.' },
  // The signature (HTTP 401).
  signature_invalid: {
    status: 401,
    meaning:
      "The signature matches none of the tenant's keys; when the receiver recognises the IdP's mistake (a decoded or encoded secret, white space, another algorithm, another serialisation, another tenant's secret), `finding` and `hint` say which and how to fix it.",
  },
  // Claims (HTTP 401).
  claim_missing: { status: 401, meaning: 'A claim the vendor requires is absent.' },
  claim_invalid: { status: 401, meaning: 'A claim has the wrong type or shape (iat as a string or in milliseconds, an email that is not an address, ...).' },
  token_expired: { status: 401, meaning: "iat is older than the vendor's window, or exp has passed." },
  token_not_yet_valid: { status: 401, meaning: 'iat (or nbf) lies further in the future than the tenant tolerates.' },
  domain_not_whitelisted: { status: 401, meaning: "The Referer/Origin host or the email domain is not on the tenant's whitelist." },
  referer_missing: { status: 401, meaning: 'Whitelisting by referer is on and the request carries neither Referer nor Origin.' },
  nonce_invalid: {
    status: 401,
    meaning:
      'A single-use value this receiver issued when it started the login (an OIDC state or nonce, a DiscourseConnect nonce) is missing, unknown, expired, not the one issued with the others, or was used already. A DiscourseConnect tenant answers it 419, as Discourse does; with `discourseCsrfProtection` (on by default) a nonce issued to another browser is refused too and stays valid for its own.',
  },
  token_replayed: { status: 401, meaning: 'This jti (or, for vendors without jti, this exact token) was already accepted inside its window.' },
  // The inspection and control API under /_receiver/ (always JSON).
  request_invalid: {
    status: 400,
    meaning:
      'A query parameter or JSON body of the inspection API does not validate; `problems` names each path at fault (tenant settings in the words of the config file).',
  },
  admin_token_missing: {
    status: 401,
    meaning: '`server.adminToken` is set and the request to the inspection API has no `Authorization: Bearer <adminToken>`.',
  },
  admin_token_invalid: { status: 401, meaning: 'The bearer token sent to the inspection API is not `server.adminToken`.' },
  api_loopback_only: {
    status: 403,
    meaning:
      'Without `server.adminToken` the inspection API answers loopback clients only, addressed by a loopback name (127.0.0.1, localhost, [::1]: no DNS rebinding); with `trustProxy`, every X-Forwarded-For hop must be loopback too.',
  },
  api_disabled: {
    status: 403,
    meaning: 'The receiver listens beyond loopback without `server.adminToken`, so the inspection API is off (only /_receiver/health answers).',
  },
  api_route_unknown: {
    status: 404,
    meaning: 'No inspection API route at this /_receiver/ path (the answer lists them; GET /_receiver/openapi.json describes them).',
  },
  attempt_unknown: {
    status: 404,
    meaning: 'No attempt with this id (attempts are pruned past `store.attemptsPerTenant`, and DELETE /_receiver/state clears them).',
  },
  tenant_exists: { status: 409, meaning: 'POST /_receiver/tenants with the id of a tenant already served (PATCH /_receiver/tenants/:id changes it).' },
  // The receiver itself.
  store_unavailable: {
    status: 503,
    meaning:
      'The database could not record the login (read-only, full, or locked past the busy timeout); the login is refused rather than made without the replay ledger.',
  },
  internal_error: { status: 500, meaning: 'A bug in the receiver. Please report it with the attempt id.' },
} as const satisfies ErrorCodeTable;

type Joined<T extends readonly ErrorCodeTable[]> = T extends readonly [infer First, ...infer Rest extends readonly ErrorCodeTable[]]
  ? First & Joined<Rest>
  : unknown;

/** The engine's table and the vendors' in one; a vendor may add codes, never redefine one. */
export function joinCodeTables<T extends readonly ErrorCodeTable[]>(...tables: T): Joined<T> {
  const joined: Record<string, ErrorCodeDoc> = {};
  for (const table of tables) {
    for (const [code, doc] of Object.entries(table)) {
      if (Object.hasOwn(joined, code)) throw new Error(`error code ${code} is defined twice`);
      joined[code] = doc;
    }
  }
  return joined as Joined<T>;
}

/**
 * Stable error codes. Tests, the JSON error body and the `X-Receiver-Result` header carry these;
 * message text may change, codes may not. The README's error table is generated from ERROR_CODES.
 */
export const ERROR_CODES = joinCodeTables(ENGINE_CODES, ...VENDOR_ERROR_CODES);

export type ErrorCode = keyof typeof ERROR_CODES;

/** What a code a plug-in vendor adds must look like: the engine's style, and a status an error can have. */
function codeProblem(code: string, doc: ErrorCodeDoc): string | null {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(code)) return `error code ${JSON.stringify(code)} must be lower-case letters, digits and underscores`;
  if (Object.hasOwn(ERROR_CODES, code)) return `error code ${code} is defined already`;
  const statuses = [doc.status, ...Object.keys(doc.statuses ?? {}).map(Number)];
  if (statuses.some((s) => !Number.isInteger(s) || s < 400 || s > 599)) return `error code ${code}: a status must be 400-599`;
  if (typeof doc.meaning !== 'string' || doc.meaning.trim() === '') return `error code ${code}: its meaning must be a sentence`;
  return null;
}

/** Why a plug-in's codes cannot be added (one line per code at fault); empty when they can. */
export function errorCodeProblems(table: ErrorCodeTable): string[] {
  return Object.entries(table).flatMap(([code, doc]) => codeProblem(code, doc) ?? []);
}

/**
 * Adds a plug-in vendor's own codes (registerVendor calls this): from then on they are answered
 * with their status, accepted as `code` filters by the inspection API and listed by ERROR_CODES.
 * A code that exists already is refused: a vendor may add codes, never redefine one. The built-in
 * vendors' codes are joined above instead, so the ErrorCode type knows them.
 */
export function registerErrorCodes(table: ErrorCodeTable): void {
  const problems = errorCodeProblems(table);
  if (problems.length > 0) throw new Error(problems.join('; '));
  Object.assign(ERROR_CODES, table);
}

type DocOf<C extends ErrorCode> = (typeof ERROR_CODES)[C];

/** The statuses a code may be answered with: its documented `statuses`, else its one `status`. */
export type StatusOf<C extends ErrorCode> = DocOf<C> extends { statuses: infer S } ? Extract<keyof S, number> : DocOf<C>['status'];

/** The usual status of a code (a code with several: the one in `status`; a ReceiverError carries the one chosen). */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

/** Headers an error's answer carries beside the receiver's own (WWW-Authenticate, Allow). */
export type ErrorHeaders = Readonly<Record<string, string>>;

/** A code with several statuses must be thrown with the one that applies; the others may name headers. */
type ErrorOptions<C extends ErrorCode> =
  DocOf<C> extends { statuses: object } ? [options: { status: StatusOf<C>; headers?: ErrorHeaders }] : [options?: { headers?: ErrorHeaders }];

/**
 * An error with a stable code, the HTTP status chosen where it is thrown, the headers its answer
 * carries, the public message (what the vendor would show) and a detail (what the developer needs),
 * after node-oidc-provider's error / error_description / error_detail split. Each surface renders
 * it in its own way: the vendor's page, the inspection API's JSON, or a raw answer on the socket.
 */
export class ReceiverError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly detail: string;
  readonly status: number;
  readonly headers: ErrorHeaders;

  constructor(code: C, message: string, detail: string = message, ...[options]: ErrorOptions<C>) {
    super(message);
    this.name = 'ReceiverError';
    this.code = code;
    this.detail = detail;
    // Only a documented status, whatever a caller without the compiler passes: the README stays true.
    const doc: ErrorCodeDoc = ERROR_CODES[code];
    const chosen = options && 'status' in options ? options.status : undefined;
    this.status = chosen !== undefined && Object.hasOwn(doc.statuses ?? {}, chosen) ? chosen : doc.status;
    this.headers = options?.headers ?? {};
  }
}

/** Raised by config loading; `path` is the exact location at fault, e.g. `tenants[1].whitelist.mode`. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], source?: string) {
    super(`${source ? `${source}: ` : ''}invalid configuration\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
