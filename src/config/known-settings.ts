import type { z } from 'zod/v4';

type Def = z.core.$ZodTypeDef & { innerType?: z.core.$ZodType; in?: z.core.$ZodType; element?: z.core.$ZodType; shape?: object; options?: z.core.$ZodType[] };
const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as Def;

/** The schema under its wrappers (defaults, optional, nullable, a transform's input). */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let inner = schema;
  for (;;) {
    const def = defOf(inner);
    if (def.innerType && ['default', 'prefault', 'optional', 'nullable'].includes(def.type)) inner = def.innerType;
    else if (def.type === 'pipe' && def.in) inner = def.in;
    else return inner;
  }
}

/**
 * The setting names an object accepts at `path` of `root` (`['tenants', 2, 'options']` -> the tenant
 * options), read from the schema itself so a suggestion never names a setting that does not exist.
 * Under a union (a tenant, one branch per vendor) the names of every branch count: a typo of another
 * vendor's option is suggested as that option, which then says whose it is.
 */
export function knownSettingsAt(root: z.core.$ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  return [...new Set(settingsAt(unwrap(root), path))];
}

function settingsAt(start: z.core.$ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let node: z.core.$ZodType | undefined = start;
  for (const [i, part] of path.entries()) {
    const def = defOf(node);
    if (def.type === 'union') return (def.options ?? []).flatMap((branch) => settingsAt(unwrap(branch), path.slice(i)));
    if (def.type === 'array' && typeof part === 'number') node = def.element;
    else if (def.type === 'object' && typeof part === 'string') node = (def.shape as Record<string, z.core.$ZodType | undefined>)[part];
    else node = undefined;
    if (!node) return [];
    node = unwrap(node);
  }
  const def = defOf(node);
  if (def.type === 'union') return (def.options ?? []).flatMap((branch) => settingsAt(unwrap(branch), []));
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}
