/**
 * JSON Schemas (OpenAPI 3.1 is JSON Schema 2020-12) of the bodies the API reads. The responses are
 * generated from their zod schemas (schemas/); these follow the request parsers (tenant-config.ts,
 * clock.ts, check.ts), which validate with the config file's zod v3 schemas and word its problems.
 */
import { PROFILE_IDS } from '../../vendors';

type Schema = Record<string, unknown>;

const object = (properties: Record<string, Schema>, required = Object.keys(properties), extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  required,
  ...extra,
});

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

/** The request bodies, by component name. */
export const REQUEST_SCHEMAS = (): Record<string, Schema> => ({
  TenantInput: tenantInput,
  TenantPatch: {
    type: 'object',
    description: 'JSON merge patch (RFC 7396) of a TenantInput: objects merge, null removes a setting; secret replaces secrets and secrets replaces secret',
  },
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
});
