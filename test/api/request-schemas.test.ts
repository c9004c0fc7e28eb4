/**
 * The request bodies' components of /_receiver/openapi.json come from the zod schemas that parse
 * them: the tenant as a union with one branch per registered vendor, each with its own options.
 */
import { PROFILE_IDS } from '../../src/vendors';
import { request, startTestReceiver, type TestReceiver } from '../helpers/receiver';

type Schema = { anyOf?: Schema[]; properties?: Record<string, Schema>; required?: string[]; const?: string; additionalProperties?: unknown };

let rx: TestReceiver;
let schemas: Record<string, Schema>;
beforeAll(async () => {
  rx = await startTestReceiver();
  schemas = (await request(`${rx.url}/_receiver/openapi.json`, { json: true })).json().components.schemas;
});
afterAll(() => rx?.stop());

test('TenantInput: one closed branch per vendor, its profile a constant, its options the engine’s and its own', () => {
  const branches = schemas.TenantInput!.anyOf!;
  expect(branches.map((b) => b.properties!.profile!.const)).toEqual(PROFILE_IDS);
  const options = (profile: string) => Object.keys(branches.find((b) => b.properties!.profile!.const === profile)!.properties!.options!.properties!);
  expect(options('deskpro')).toEqual(expect.arrayContaining(['maxTokenBytes', 'algorithm', 'publicKey', 'strictDocs']));
  expect(options('mojo')).not.toContain('algorithm');
  expect(options('mojo')).toContain('maxTokenBytes');
  for (const b of branches) expect({ required: b.required, closed: b.additionalProperties }).toEqual({ required: ['id', 'profile'], closed: false });
});

test('CheckRequest and ClockChange follow their parsers', () => {
  expect(schemas.CheckRequest).toMatchObject({ required: ['token'], additionalProperties: false, properties: { tenant: { default: 'default' } } });
  expect(Object.keys(schemas.ClockChange!.properties!)).toEqual(['frozenAt', 'offsetSeconds', 'advanceSeconds']);
  expect(schemas.TenantPatch).toMatchObject({ type: 'object' });
});
