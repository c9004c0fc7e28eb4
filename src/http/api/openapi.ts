import { requestComponents } from './request-schemas';
import { responseComponents } from './schemas';

type Operation = Record<string, unknown>;

const json = (schema: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } });
const ok = (schema: string, description = 'OK') => ({ description, ...json(schema) });
const error = (description: string) => ({ description, ...json('Error') });
const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
const query = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const idParam = (description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema,
});
const tenantQuery = (what: string) => query('tenant', `only this tenant's ${what}`);

/** The refusals every guarded route may give (request_invalid where it reads input). */
const GUARDED = {
  '401': error('admin_token_missing / admin_token_invalid: server.adminToken is set and the bearer token is missing or wrong'),
  '403': error('api_loopback_only (not a loopback client) / api_disabled (listening beyond loopback without server.adminToken)'),
};
const INVALID = { '400': error('request_invalid (problems names each path), request_malformed (not JSON)') };
/**
 * Replicas on one PostgreSQL store share the records and the ledger, but each keeps its own tenants
 * and clock in memory: said on every route that changes them, so nobody expects it to spread.
 */
const PER_REPLICA = {
  tenants:
    'Per replica: the change is held in this process only (lost at restart). Replicas sharing a PostgreSQL store each keep their own tenants: make the same change on each, or put the tenant in the config file they all read.',
  clock: 'Per replica: each receiver process has its own clock. Replicas sharing a PostgreSQL store do not follow each other: set it on each.',
  state: 'Shared: on a PostgreSQL store this clears the records of every replica using that schema (the clock and tenants of each replica stay as they are).',
};
/** Every route that reads a JSON body. */
const BODY_TOO_LARGE = { '413': error('request_too_large: the JSON body is over 256 kB') };

function op(summary: string, responses: Record<string, unknown>, extra: Operation = {}): Operation {
  return { summary, ...extra, security: [{}, { adminToken: [] }], responses: { ...responses, ...(extra.requestBody ? BODY_TOO_LARGE : {}), ...GUARDED } };
}

/** Every /_receiver route: the drift test walks the router and this document both ways. */
const PATHS: Record<string, Record<string, Operation>> = {
  '/_receiver/health': {
    get: {
      summary: 'Health of the receiver and its database; open to every client',
      security: [{}],
      responses: { '200': ok('Health'), '503': ok('Health', 'the database does not answer') },
    },
  },
  '/_receiver/': {
    get: {
      summary: 'The debugger page (HTML; it reads this API from the browser); holds no data, so open like health',
      security: [{}],
      responses: { '200': html('the page') },
    },
  },
  '/_receiver/assets/{file}': {
    get: {
      summary: "The debugger page's script modules and stylesheet",
      security: [{}],
      parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z][a-z0-9-]*\\.(js|css)$' } }],
      responses: {
        '200': { description: 'JavaScript or CSS', content: { 'text/javascript': {}, 'text/css': {} } },
        '404': { description: 'no such asset (text/plain)' },
      },
    },
  },
  '/_receiver/openapi.json': {
    get: op('This document', { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } }),
  },
  '/_receiver/attempts': {
    get: op(
      'Recorded consume attempts, newest first',
      { '200': ok('AttemptList'), ...INVALID },
      {
        parameters: [
          tenantQuery('attempts'),
          query('email', 'the identity email, case-insensitive'),
          query('accepted', 'true or false', { enum: ['true', 'false'] }),
          query('code', 'a stable error code, e.g. token_expired'),
          query('since', 'at or after this instant: ISO 8601 with Z or an offset, or ms since the epoch'),
          query('limit', 'at most this many (default 50)', { type: 'integer', minimum: 1, maximum: 1000, default: 50 }),
        ],
      },
    ),
  },
  '/_receiver/attempts/{id}': {
    get: op(
      'One attempt, with the ledger row of its replay key and the user and session it created',
      { '200': ok('AttemptDetail'), ...INVALID, '404': error('attempt_unknown') },
      {
        parameters: [idParam('attempt id', { type: 'integer' })],
      },
    ),
  },
  '/_receiver/users': {
    get: op('Users the logins created, oldest first', { '200': ok('UserList'), ...INVALID }, { parameters: [tenantQuery('users')] }),
  },
  '/_receiver/sessions': {
    get: op(
      'Sessions (and Zoho access tokens) live by the receiver clock, newest first',
      { '200': ok('SessionList'), ...INVALID },
      {
        parameters: [tenantQuery('sessions'), query('limit', 'at most this many (default 100)', { type: 'integer', minimum: 1, maximum: 1000, default: 100 })],
      },
    ),
  },
  '/_receiver/state': {
    delete: op(
      'Clears attempts, users, sessions and the replay ledger (of one tenant, or all); tenants and the clock stay',
      { '200': ok('StateDeleted'), ...INVALID, '503': error('store_unavailable') },
      {
        description: PER_REPLICA.state,
        parameters: [tenantQuery('state')],
      },
    ),
  },
  '/_receiver/tenants': {
    get: op('Tenants served now (secrets are counted, never shown)', { '200': ok('TenantList') }),
    post: op(
      'Creates a tenant, validated like the config file; served from the next request',
      { '201': ok('Tenant', 'created'), ...INVALID, '409': error('tenant_exists') },
      {
        description: PER_REPLICA.tenants,
        requestBody: { required: true, ...json('TenantInput') },
      },
    ),
  },
  '/_receiver/tenants/{id}': {
    get: op('One tenant', { '200': ok('Tenant'), '404': error('tenant_unknown') }, { parameters: [idParam('tenant id')] }),
    patch: op(
      'Changes a tenant (JSON merge patch), validated like the config file; from the next request',
      { '200': ok('Tenant'), ...INVALID, '404': error('tenant_unknown') },
      {
        description: PER_REPLICA.tenants,
        parameters: [idParam('tenant id')],
        requestBody: { required: true, ...json('TenantPatch') },
      },
    ),
  },
  '/_receiver/clock': {
    get: op('The receiver clock', { '200': ok('Clock') }),
    put: op(
      'Freezes, offsets or advances the receiver clock; every check and expiry follows',
      { '200': ok('Clock'), ...INVALID },
      { description: PER_REPLICA.clock, requestBody: { required: true, ...json('ClockChange') } },
    ),
    delete: op('Back to real time', { '200': ok('Clock') }, { description: PER_REPLICA.clock }),
  },
  '/_receiver/check': {
    post: op(
      'Dry run: the verdict the tenant would give now, without spending the replay key or creating anything',
      { '200': ok('CheckAnswer'), ...INVALID, '404': error('tenant_unknown') },
      {
        requestBody: { required: true, ...json('CheckRequest') },
      },
    ),
  },
};

export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'helpdesk-jwt-receiver inspection and control API',
      version,
      description:
        'JSON in and out; errors are { error, message, detail } with a stable code. Loopback clients only unless server.adminToken is set, then Authorization: Bearer <adminToken> from every client; off when the receiver listens beyond loopback without one. Times are ms since the epoch by the receiver clock.',
    },
    paths: PATHS,
    components: {
      schemas: { ...responseComponents(), ...requestComponents() },
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'server.adminToken' } },
    },
  };
}
