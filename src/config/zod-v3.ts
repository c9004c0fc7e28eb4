import type { ZodIssue as V3Issue, ZodTypeAny as V3Schema } from 'zod';
import { z } from 'zod/v4';

/** A schema of either zod API the package ships: `zod` (v3; what a plug-in's `require('zod')` gives) or `zod/v4`. */
export type AnySchema = V3Schema | z.ZodType;

const isV4 = (schema: AnySchema): schema is z.ZodType => '_zod' in schema;

function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = value;
  for (const part of path) node = typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[part] : undefined;
  return node;
}

/** A v3 issue as the v4 issue of the same meaning, so one describer words both. */
function v4Issue(issue: V3Issue, value: unknown): z.core.$ZodRawIssue {
  const at = { path: issue.path, message: issue.message, input: valueAt(value, issue.path) };
  switch (issue.code) {
    case 'invalid_type':
      return { ...at, code: 'invalid_type', expected: (issue.expected === 'integer' ? 'int' : issue.expected) as 'int' };
    case 'invalid_enum_value':
      return { ...at, code: 'invalid_value', values: issue.options };
    case 'unrecognized_keys':
      return { ...at, code: 'unrecognized_keys', keys: issue.keys } as z.core.$ZodRawIssue;
    case 'too_small':
      return { ...at, code: 'too_small', origin: issue.type as 'number', minimum: issue.minimum as number, inclusive: issue.inclusive };
    case 'too_big':
      return { ...at, code: 'too_big', origin: issue.type as 'number', maximum: issue.maximum as number, inclusive: issue.inclusive };
    default:
      return { ...at, code: 'custom' };
  }
}

/**
 * `schema` as a zod v4 schema. A v3 one (a plug-in's option written with `require('zod')`, or a
 * vendor folder's `import { z } from 'zod'`) is run by v3 inside a v4 schema, its issues carried over
 * with the same meaning, so its messages read like every other setting's.
 */
export function asV4<S extends AnySchema>(schema: S): z.ZodType<S['_output'], S['_input']> {
  if (isV4(schema)) return schema as z.ZodType<S['_output'], S['_input']>;
  const v3 = schema as V3Schema;
  return z.unknown().transform((value, ctx) => {
    const result = v3.safeParse(value);
    if (result.success) return result.data as S['_output'];
    for (const issue of result.error.issues) ctx.addIssue(v4Issue(issue, value));
    return z.NEVER;
  }) as unknown as z.ZodType<S['_output'], S['_input']>;
}
