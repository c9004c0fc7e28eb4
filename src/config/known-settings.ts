import { z, type ZodTypeAny } from 'zod';

/** The schema under its wrappers (refinements, defaults, optional, nullable). */
function unwrap(schema: ZodTypeAny): ZodTypeAny {
  let inner = schema;
  for (;;) {
    if (inner instanceof z.ZodEffects) inner = inner.innerType() as ZodTypeAny;
    else if (inner instanceof z.ZodDefault) inner = inner.removeDefault() as ZodTypeAny;
    else if (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as ZodTypeAny;
    else return inner;
  }
}

/**
 * The setting names an object accepts at `path` of `root` (`['tenants', 2, 'options']` -> the tenant
 * options), read from the schema itself so a suggestion never names a setting that does not exist.
 * Under a union (a tenant, one branch per vendor) the names of every branch count: a typo of another
 * vendor's option is suggested as that option, which then says whose it is.
 */
export function knownSettingsAt(root: ZodTypeAny, path: ReadonlyArray<string | number>): string[] {
  return [...new Set(settingsAt(unwrap(root), path))];
}

function settingsAt(start: ZodTypeAny, path: ReadonlyArray<string | number>): string[] {
  let node: ZodTypeAny | undefined = start;
  for (const [i, part] of path.entries()) {
    if (node instanceof z.ZodDiscriminatedUnion) {
      return (node.options as ZodTypeAny[]).flatMap((branch) => settingsAt(unwrap(branch), path.slice(i)));
    }
    if (node instanceof z.ZodArray && typeof part === 'number') node = unwrap(node.element as ZodTypeAny);
    else if (node instanceof z.ZodObject && typeof part === 'string') {
      const child: ZodTypeAny | undefined = (node.shape as Record<string, ZodTypeAny>)[part];
      node = child && unwrap(child);
    } else node = undefined;
    if (!node) return [];
  }
  if (node instanceof z.ZodDiscriminatedUnion) return (node.options as ZodTypeAny[]).flatMap((branch) => settingsAt(unwrap(branch), []));
  return node instanceof z.ZodObject ? Object.keys(node.shape as object) : [];
}
