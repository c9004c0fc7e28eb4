import { createPublicKey } from 'node:crypto';
import { z } from 'zod/v4';
import { PROFILE_IDS, VENDORS, type AllVendorOptions, type ProfileId, type Vendor } from '../vendors';
import { TENANT_OPTION_SETTINGS, WHITELIST_SETTINGS } from './engine-settings';
import type { VendorOptionTable } from './setting';
import { asV4, type AnySchema } from './zod-v3';

const httpUrl = z
  .string()
  .url('must be an absolute URL')
  .refine((u) => !URL.canParse(u) || /^https?:$/.test(new URL(u).protocol), 'must be an http or https URL');

export const whitelistSchema = z.strictObject(WHITELIST_SETTINGS);

/** The options every tenant has, whatever its vendor. */
const engineOptionsShape = () => TENANT_OPTION_SETTINGS;

const secret = z.string().min(1, 'must not be empty');

/** What every tenant has besides its profile and options. */
const commonShape = () => ({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit'),
  secret: secret.optional(),
  secrets: z.array(secret).min(1, 'must list at least one secret').optional(),
  remoteLoginUrl: httpUrl.optional(),
  remoteLogoutUrl: httpUrl.optional(),
  // prefault: the empty object is parsed, so the settings' own defaults fill it.
  whitelist: whitelistSchema.prefault({}),
});

type OptionsOf<V> = V extends { options: infer O extends VendorOptionTable } ? O : Record<never, never>;
type SchemaOf<O> = O extends { schema: infer S extends AnySchema } ? S : never;
type OptionsOfId<Id extends ProfileId> = OptionsOf<(typeof VENDORS)[Id]>;
/** The options every tenant has, with their defaults applied. */
export type EngineOptions = z.output<z.ZodObject<ReturnType<typeof engineOptionsShape>>>;
/** Every vendor's options, each optional: the view of a tenant's options the engine reads (a vendor reads only its own). */
export type AnyVendorOptions = { [K in keyof AllVendorOptions]?: SchemaOf<AllVendorOptions[K]>['_output'] };
type Common = z.output<z.ZodObject<ReturnType<typeof commonShape>>>;
type CommonInput = z.input<z.ZodObject<ReturnType<typeof commonShape>>>;
/** A tenant of `Id`: its options are the engine's and that vendor's own (each optional: absent, its documented default applies where it is read). */
type TenantOf<Id extends ProfileId> = Common & {
  profile: Id;
  options: EngineOptions & { [K in keyof OptionsOfId<Id>]?: SchemaOf<OptionsOfId<Id>[K]>['_output'] };
};
type TenantInputOf<Id extends ProfileId> = CommonInput & {
  profile: Id;
  options?: z.input<z.ZodObject<ReturnType<typeof engineOptionsShape>>> & { [K in keyof OptionsOfId<Id>]?: SchemaOf<OptionsOfId<Id>[K]>['_input'] };
};
/** A validated tenant: one member per vendor, discriminated on `profile`. */
export type TenantConfig = { [Id in ProfileId]: TenantOf<Id> }[ProfileId];
/** A tenant as written in the config file (defaults may be left out). */
export type TenantInput = { [Id in ProfileId]: TenantInputOf<Id> }[ProfileId];

/** The options object of `id`'s tenants: the engine's and that vendor's own, nothing else. */
function optionsSchemaOf(id: ProfileId) {
  const own = Object.entries((VENDORS[id] as Vendor).options ?? {}).map(([name, option]) => [name, asV4(option.schema).optional()]);
  return z.strictObject({ ...engineOptionsShape(), ...Object.fromEntries(own) });
}

function branchOf(id: ProfileId, { id: idSchema, ...common }: ReturnType<typeof commonShape>) {
  // The keys in the order a tenant is written (and its problems listed): id, profile, the rest, options.
  return z.strictObject({ id: idSchema, profile: z.literal(id), ...common, options: optionsSchemaOf(id).prefault({}) });
}

/**
 * A tenant whose profile names no registered vendor: checked field by field all the same, so every
 * problem is reported at once, and `profile` refused as zod refuses an enum value (`must be one of …`).
 * The union gives up at its discriminator; tenant-issues.ts swaps its issue for these.
 */
export const buildUnknownProfileTenantSchema = () => {
  const { id, ...common } = commonShape();
  return z.strictObject({
    id,
    profile: z.string().superRefine((value, ctx) => {
      if ((PROFILE_IDS as readonly string[]).includes(value)) return;
      ctx.addIssue({ code: 'invalid_value', values: [...PROFILE_IDS], input: value });
    }),
    ...common,
    options: z.record(z.string(), z.unknown()).optional(),
  });
};

/** Checks that span fields, the same for every vendor. */
function checkAcrossFields(t: TenantConfig, ctx: z.RefinementCtx<TenantConfig>): void {
  if (t.whitelist.enabled && !('whitelist' in VENDORS[t.profile])) {
    const owners = PROFILE_IDS.filter((id) => 'whitelist' in VENDORS[id]).map((id) => VENDORS[id].contract.vendor);
    ctx.addIssue({
      code: 'custom',
      path: ['whitelist', 'enabled'],
      message: `is a ${owners.join(' and ')} setting; ${t.profile} has no domain whitelist`,
    });
  }
  const algorithm = ('algorithm' in t.options ? t.options.algorithm : null) ?? (VENDORS[t.profile] as Vendor | undefined)?.contract.algorithms[0];
  if (algorithm?.startsWith('RS')) {
    // The public key verifies; a secret that is a PEM key (the IdP's private key, as mint and check take it) will do without one.
    const pem = t.options.publicKey ?? t.secrets?.[0] ?? t.secret;
    try {
      createPublicKey(pem ?? '');
    } catch {
      ctx.addIssue({ code: 'custom', path: ['options', 'publicKey'], message: `must be a PEM public key when algorithm is ${algorithm}` });
    }
  }
  if (t.secret !== undefined && t.secrets !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['secrets'], message: 'give either secret or secrets, not both' });
  }
  // The vendor's own rules for its settings (a minimum secret length, keys that must match a list).
  const secrets = t.secrets ?? (t.secret !== undefined ? [t.secret] : []);
  for (const problem of (VENDORS[t.profile] as Vendor | undefined)?.checkTenant?.({ secrets, options: t.options }) ?? []) {
    // A vendor names secrets by index; a tenant with one `secret` sees that key.
    const path = t.secrets === undefined && problem.path[0] === 'secrets' ? ['secret', ...problem.path.slice(2)] : problem.path;
    ctx.addIssue({ code: 'custom', path, message: problem.message });
  }
}

/** A tenant: a union discriminated on `profile`, one branch per registered vendor. */
export const buildTenantSchema = () => {
  // One set of the common fields for every branch (a schema is immutable; built per branch, they were a third of the build).
  const common = commonShape();
  const [first, ...rest] = PROFILE_IDS.map((id) => branchOf(id, common));
  // The branches are built from the registry at run time; their static type is the union above.
  const union = z.discriminatedUnion('profile', [first!, ...rest]) as unknown as z.ZodType<TenantConfig, TenantInput>;
  return union.superRefine(checkAcrossFields);
};
