/**
 * JSON Schemas (OpenAPI 3.1 is JSON Schema 2020-12) of the API's shapes, mirroring types.ts.
 */
import { FINDINGS, REASONS, UNITS } from '../../verify/verdict';
import { PROFILE_IDS } from '../../vendors';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
const ms = (description: string): Schema => ({ type: 'integer', description: `${description} (ms since the epoch, receiver clock)` });
const msOrNull = (description: string): Schema => ({ type: ['integer', 'null'], description: `${description} (ms since the epoch, receiver clock)` });
const object = (properties: Record<string, Schema>, required = Object.keys(properties), extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  required,
  ...extra,
});
const anyObject = { type: ['object', 'null'], additionalProperties: true };

const check = object(
  {
    name: { type: 'string', description: 'format, alg, header, signature, a claim name, iat_window, whitelist, return_to, replay, ...' },
    status: { enum: ['pass', 'fail', 'warn', 'skip'] },
    message: { type: 'string' },
    code: { type: 'string', description: 'on a failing check: the stable code it refuses with' },
    finding: {
      enum: [...FINDINGS],
      description: 'when the receiver recognised the mistake: its stable id (secret_base64_decoded, other_tenant_secret, token_whitespace_around, ...)',
    },
    hint: {
      type: 'string',
      description: 'when the receiver recognised the mistake: how to fix it, with one-liners for Python, Ruby, PHP, Java, C# and Node where code helps',
    },
    claim: { type: 'string', description: 'the claim the check is about (iat, not_after, jti, ...)' },
    reason: {
      enum: [...REASONS],
      description:
        'why the check came out as it did, a stable id (too_old, in_future, milliseconds, wrong_type, replayed, ...): assert on this, not on the message',
    },
    actual: { description: "what the token has: a number in `unit` (an age, a span, a length), or the claim's own JSON value for a type check" },
    limit: { type: 'number', description: 'what the rule allows, in `unit`' },
    unit: { enum: [...UNITS], description: 'the unit of actual and limit' },
    firstAttempt: {
      type: ['integer', 'null'],
      description: 'replay: the attempt that first spent the key (null when it was pruned or cleared); actual is the seconds since',
    },
  },
  ['name', 'status', 'message'],
);

const attempt = object({
  id: { type: 'integer' },
  tenant: { type: 'string' },
  at: ms('when it was judged'),
  route: { type: 'string', examples: ['GET /jwt/'] },
  accepted: { type: 'boolean' },
  code: nullable('string'),
  checks: { type: 'array', items: ref('Check') },
  header: anyObject,
  claims: anyObject,
  email: nullable('string'),
  userId: nullable('integer'),
  clientIp: nullable('string'),
  referer: { type: ['string', 'null'], description: 'origin and path only, never the query' },
});

const replay = object({
  kind: { enum: ['jti', 'content'] },
  key: { type: 'string', description: 'jti:<jti>, or sha256:<hash of the signed content>' },
  held: { type: 'boolean', description: 'the ledger still has the key: a token carrying it is refused as token_replayed' },
  usedAt: msOrNull('when the key was spent'),
  keepUntil: msOrNull('when the ledger may forget it'),
});

const user = object({
  id: { type: 'integer' },
  tenant: { type: 'string' },
  identityKey: { type: 'string' },
  email: { type: 'string' },
  name: nullable('string'),
  firstName: nullable('string'),
  lastName: nullable('string'),
  externalId: nullable('string'),
  attributes: anyObject,
  loginCount: { type: 'integer' },
  createdAt: ms('first login'),
  lastLoginAt: ms('last login'),
});

const sessionRef = { type: 'string', minLength: 8, maxLength: 8, description: 'first 8 characters of the SHA-256 of the session id; never the id' };

const whitelist = object(
  {
    enabled: { type: 'boolean' },
    mode: { enum: ['referer', 'email', 'either'] },
    domains: { type: 'array', items: { type: 'string' } },
    allowMissingReferer: { type: 'boolean' },
  },
  [],
  { additionalProperties: false },
);

const tenantInput = object(
  {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
    profile: { type: 'string', examples: [...PROFILE_IDS] },
    secret: { type: 'string', minLength: 1 },
    secrets: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    remoteLoginUrl: { type: 'string', format: 'uri' },
    remoteLogoutUrl: { type: 'string', format: 'uri' },
    whitelist,
    options: { type: 'object', description: 'tenants[].options of the config file (README configuration table)' },
  },
  ['id', 'profile'],
  { additionalProperties: false, description: "one entry of the config file's tenants array; secret (or secrets) required unless options.algorithm is RS256" },
);

export const SCHEMAS: Record<string, Schema> = {
  Error: object(
    {
      error: { type: 'string', description: 'stable code (README: Error codes)' },
      message: { type: 'string' },
      detail: { type: 'string' },
      problems: { type: 'array', items: { type: 'string' }, description: 'request_invalid: one line per path at fault' },
    },
    ['error', 'message', 'detail'],
  ),
  Check: check,
  Attempt: attempt,
  AttemptList: object({ attempts: { type: 'array', items: ref('Attempt') } }),
  AttemptDetail: {
    allOf: [
      ref('Attempt'),
      object({
        replay: { oneOf: [ref('Replay'), { type: 'null' }] },
        user: { oneOf: [ref('User'), { type: 'null' }] },
        session: {
          oneOf: [
            object({ ref: sessionRef, state: { enum: ['live', 'expired', 'ended'] }, createdAt: msOrNull('created'), expiresAt: msOrNull('expires') }),
            { type: 'null' },
          ],
        },
      }),
    ],
  },
  Replay: replay,
  User: user,
  UserList: object({ users: { type: 'array', items: ref('User') } }),
  Session: object({
    ref: sessionRef,
    tenant: { type: 'string' },
    userId: { type: 'integer' },
    email: { type: 'string' },
    createdAt: ms('created'),
    expiresAt: ms('expires'),
    expiresInSeconds: { type: 'integer' },
  }),
  SessionList: object({ sessions: { type: 'array', items: ref('Session') } }),
  StateDeleted: object({
    tenant: nullable('string'),
    deleted: object({ attempts: { type: 'integer' }, users: { type: 'integer' }, sessions: { type: 'integer' }, ledger: { type: 'integer' } }),
  }),
  Tenant: object({
    id: { type: 'string' },
    profile: { type: 'string' },
    vendor: { type: 'string' },
    path: { type: 'string', examples: ['/', '/t/acme/'] },
    consume: { type: 'array', items: { type: 'string' } },
    algorithms: { type: 'array', items: { type: 'string' } },
    secrets: object({ count: { type: 'integer' }, source: { enum: ['config', 'generated'] } }, ['count', 'source'], {
      description: 'the secrets are never returned',
    }),
    remoteLoginUrl: nullable('string'),
    remoteLogoutUrl: nullable('string'),
    whitelist,
    options: { type: 'object' },
  }),
  TenantList: object({ tenants: { type: 'array', items: ref('Tenant') } }),
  TenantInput: tenantInput,
  TenantPatch: {
    type: 'object',
    description: 'JSON merge patch (RFC 7396) of a TenantInput: objects merge, null removes a setting; secret replaces secrets and secrets replaces secret',
  },
  Clock: object(
    {
      mode: { enum: ['real', 'offset', 'frozen'] },
      nowMs: { type: 'integer' },
      now: { type: 'string', format: 'date-time' },
      offsetSeconds: { type: 'number' },
      frozenAt: { type: 'string', format: 'date-time' },
    },
    ['mode', 'nowMs', 'now'],
  ),
  ClockChange: {
    description: 'exactly one of: frozenAt (ISO 8601 with Z or an offset, or ms), offsetSeconds (from real time), advanceSeconds (from now)',
    oneOf: [
      object({ frozenAt: { type: ['string', 'integer'] } }, ['frozenAt'], { additionalProperties: false }),
      object({ offsetSeconds: { type: 'number' } }, ['offsetSeconds'], { additionalProperties: false }),
      object({ advanceSeconds: { type: 'number' } }, ['advanceSeconds'], { additionalProperties: false }),
    ],
  },
  CheckRequest: object(
    {
      tenant: { type: 'string', default: 'default' },
      token: { type: 'string', minLength: 1 },
      referer: { type: 'string', description: "stands in for the consume request's Referer (HappyFox whitelisting)" },
      origin: { type: 'string' },
    },
    ['token'],
    { additionalProperties: false },
  ),
  CheckAnswer: object({
    dryRun: { const: true },
    tenant: { type: 'string' },
    profile: { type: 'string' },
    at: ms('the instant the token was judged at'),
    accepted: { type: 'boolean', description: 'the verdict without replay (not applied in a dry run)' },
    code: nullable('string'),
    message: nullable('string'),
    checks: { type: 'array', items: ref('Check') },
    header: anyObject,
    claims: anyObject,
    identity: anyObject,
    secretIndex: nullable('integer'),
    replay: object({
      applied: { const: false },
      kind: { enum: ['jti', 'content', null] },
      key: nullable('string'),
      held: { type: 'boolean', description: 'a consume request with this token would be refused as token_replayed' },
      usedAt: msOrNull('when the key was spent'),
      keepUntil: msOrNull('when the ledger may forget it'),
    }),
  }),
  Health: object({
    status: { enum: ['ok', 'busy', 'read_only', 'unavailable'] },
    version: { type: 'string' },
    database: { type: 'string' },
    tables: {
      type: ['object', 'null'],
      additionalProperties: object({ rows: { type: 'integer' }, bytes: { type: ['integer', 'null'] } }),
    },
    clock: { type: 'object' },
    uptimeSeconds: { type: 'integer' },
    tenants: { type: 'array', items: object({ id: { type: 'string' }, profile: { type: 'string' } }) },
  }),
};
