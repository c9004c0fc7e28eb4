import type { z } from 'zod/v4';
import { VENDOR_OPTIONS } from '../vendors';
import { buildUnknownProfileTenantSchema } from './tenant-schema';

/** The value at `path` of `raw`, or undefined. */
function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = raw;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The tenant union's issues in the words a tenant's problems always had. The union stops at a
 * profile that names no vendor: the tenant is checked again field by field, profile included (`must
 * be one of …`). A branch's options refuse another vendor's option as an unknown key: it is named
 * as that vendor's (`options.allowGet is a zendesk option; this tenant's profile is mojo`).
 * `raw` is what was parsed (a tenant's profile and fields are read from it at the issue's path).
 */
export function tenantIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): z.core.$ZodIssue[] {
  return issues.flatMap((issue): z.core.$ZodIssue[] => {
    if (issue.code === 'invalid_union' && issue.errors.length === 0 && issue.path.at(-1) === 'profile') {
      const at = issue.path.slice(0, -1);
      const result = buildUnknownProfileTenantSchema().safeParse(valueAt(raw, at), { reportInput: true });
      return result.success ? [issue] : result.error.issues.map((i) => ({ ...i, path: [...at, ...i.path] }));
    }
    if (issue.code === 'unrecognized_keys' && issue.path.at(-1) === 'options') {
      const tenant = valueAt(raw, issue.path.slice(0, -1));
      const profile = isObject(tenant) ? tenant.profile : undefined;
      const owned = issue.keys.flatMap((key) => VENDOR_OPTIONS.filter((o) => o.name === key && o.owner !== profile));
      const unknown = issue.keys.filter((key) => !owned.some((o) => o.name === key));
      return [
        ...(unknown.length > 0 ? [{ ...issue, keys: unknown }] : []),
        ...owned.map(({ name, owner }): z.core.$ZodIssue => ({
          code: 'custom',
          path: [...issue.path, name],
          input: valueAt(raw, [...issue.path, name]),
          message: `is a ${owner} option; this tenant's profile is ${String(profile)}`,
        })),
      ];
    }
    return [issue];
  });
}
