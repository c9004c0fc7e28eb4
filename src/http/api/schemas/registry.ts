import { z } from 'zod/v4';

/**
 * The components of GET /_receiver/openapi.json: each response shape registers itself here under
 * its name, and openapi.ts writes them out with z.toJSONSchema. A data-only module (zod alone), so
 * the debugger page can import the shapes' types without pulling the server in.
 */
export const API_SCHEMAS = z.registry<{ id: string }>();

/** `schema`, listed as the OpenAPI component `id` (other components refer to it by $ref). */
export function component<S extends z.ZodType>(id: string, schema: S): S {
  API_SCHEMAS.add(schema, { id });
  return schema;
}

/** A time as the API gives it: ms since the epoch by the receiver clock. */
export const ms = (what: string) => z.number().int().describe(`${what} (ms since the epoch, receiver clock)`);

/** A JSON object whose members the API does not constrain (a JOSE header, claims, attributes). */
export const jsonObject = z.record(z.string(), z.unknown());
