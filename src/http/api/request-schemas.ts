import { z } from 'zod/v4';
import { tenantSchema } from '../../config/schema';
import { checkRequest } from './check';
import { clockChange } from './clock';
import { tenantPatch } from './tenant-config';

type JsonSchema = Record<string, unknown>;

/**
 * The request bodies' OpenAPI components, written from the zod schemas that parse them: a tenant
 * as the config file takes it (a union on `profile`, one branch per registered vendor), a tenant
 * patch, a clock change and a dry run. `io: 'input'`: what a client sends, defaults optional.
 * Built when asked, since a vendor registered at run time adds a branch to the tenant schema.
 */
export function requestComponents(): Record<string, JsonSchema> {
  const bodies = z.registry<{ id: string }>();
  bodies.add(
    tenantSchema.meta({ description: "one entry of the config file's tenants array; secret (or secrets) required unless options.algorithm is RS256" }),
    { id: 'TenantInput' },
  );
  bodies.add(tenantPatch, { id: 'TenantPatch' });
  bodies.add(clockChange, { id: 'ClockChange' });
  bodies.add(checkRequest, { id: 'CheckRequest' });
  // Checks that span fields (refinements) and a plug-in's v3 option types have no JSON Schema: they are left open.
  const { schemas } = z.toJSONSchema(bodies, { io: 'input', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema as JsonSchema]));
}
