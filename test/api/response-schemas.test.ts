/**
 * The zod schemas in src/http/api/schemas/ are where the API's types, its OpenAPI components and
 * the debugger page's types come from: each answer must be exactly what its schema describes (a
 * field the server adds without the schema would be stripped by parse, and the answers differ).
 */
import type { z } from 'zod/v4';
import { attemptDetailSchema, attemptListSchema } from '../../src/http/api/schemas/attempt';
import { clockSchema } from '../../src/http/api/schemas/clock';
import { checkAnswerSchema } from '../../src/http/api/schemas/dry-run';
import { apiErrorSchema } from '../../src/http/api/schemas/error';
import { healthSchema } from '../../src/http/api/schemas/health';
import { sessionListSchema } from '../../src/http/api/schemas/session';
import { stateDeletedSchema } from '../../src/http/api/schemas/state';
import { tenantListSchema, tenantSchema } from '../../src/http/api/schemas/tenant';
import { userListSchema } from '../../src/http/api/schemas/user';
import { consumeUrl, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { api, expectJson } from './support';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver();
  // One accepted login and one refused: an attempt with a user, a session and a replay key, and one without.
  const token = await happyfoxToken();
  expect((await request(consumeUrl(rx.url, '/jwt/', { token }))).status).toBe(302);
  expect((await request(consumeUrl(rx.url, '/jwt/', { token }))).status).toBe(401);
});
afterAll(() => rx.stop());

const exactly = (schema: z.ZodType, body: unknown) => expect(schema.parse(body)).toEqual(body);

test.each([
  ['GET /attempts', 'GET', '/attempts', attemptListSchema, 200],
  ['GET /attempts/1 (accepted)', 'GET', '/attempts/1', attemptDetailSchema, 200],
  ['GET /attempts/2 (replayed)', 'GET', '/attempts/2', attemptDetailSchema, 200],
  ['GET /users', 'GET', '/users', userListSchema, 200],
  ['GET /sessions', 'GET', '/sessions', sessionListSchema, 200],
  ['GET /tenants', 'GET', '/tenants', tenantListSchema, 200],
  ['GET /tenants/default', 'GET', '/tenants/default', tenantSchema, 200],
  ['GET /clock', 'GET', '/clock', clockSchema, 200],
  ['GET /health', 'GET', '/health', healthSchema, 200],
  ['GET /attempts/999 (an error)', 'GET', '/attempts/999', apiErrorSchema, 404],
  ['GET /attempts?limit=0 (request_invalid with problems)', 'GET', '/attempts?limit=0', apiErrorSchema, 400],
] as const)('%s answers its schema exactly', async (_name, method, path, schema, status) => {
  const body = expectJson(await api(rx.url, method, path), status);
  exactly(schema, body);
});

test('the detail of an accepted attempt has its replay row, user and session; a dry run answers its schema', async () => {
  const detail = attemptDetailSchema.parse(expectJson(await api(rx.url, 'GET', '/attempts/1'), 200));
  expect({ replay: detail.replay?.held, user: detail.user?.loginCount, session: detail.session?.state }).toEqual({ replay: true, user: 1, session: 'live' });
  const dry = expectJson(await api(rx.url, 'POST', '/check', { token: await happyfoxToken() }), 200);
  exactly(checkAnswerSchema, dry);
  expect(checkAnswerSchema.parse(dry).identity?.email).toBe('jane@example.com');
});

test('the frozen clock, an offset clock and DELETE /state answer their schemas', async () => {
  exactly(clockSchema, expectJson(await api(rx.url, 'PUT', '/clock', { offsetSeconds: 30 }), 200));
  exactly(clockSchema, expectJson(await api(rx.url, 'PUT', '/clock', { frozenAt: '2030-01-01T00:00:00Z' }), 200));
  exactly(stateDeletedSchema, expectJson(await api(rx.url, 'DELETE', '/state'), 200));
});
