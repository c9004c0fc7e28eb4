/**
 * The inspection API's response shapes, one file per resource: zod schemas from which the server's
 * types (z.infer), the OpenAPI components (below) and the debugger page's types come.
 */
import { z } from 'zod/v4';
import { API_SCHEMAS } from './registry';
// Each module registers its components when loaded; these imports make sure all of them are.
import './attempt';
import './check';
import './clock';
import './dry-run';
import './error';
import './health';
import './session';
import './state';
import './tenant';
import './user';

type JsonSchema = Record<string, unknown>;

/** The response shapes as OpenAPI 3.1 components (JSON Schema 2020-12), referring to each other by $ref. */
export function responseComponents(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(API_SCHEMAS, { uri: (id) => `#/components/schemas/${id}` });
  // Each comes out as a document of its own; inside components.schemas it is a plain schema.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema as JsonSchema]));
}
