import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { PROFILE_IDS, VENDORS, type AllVendorOptions, type ProfileId, type Vendor } from '../vendors';
import { TENANT_OPTION_DEFAULTS, WHITELIST_DEFAULTS, valuesOf } from './defaults';
import { domainPattern, seconds, type VendorOptionTable } from './setting';

const tenantOptions = valuesOf(TENANT_OPTION_DEFAULTS);
const whitelist = valuesOf(WHITELIST_DEFAULTS);

const httpUrl = z
  .string()
  .url('must be an absolute URL')
  .refine((u) => !URL.canParse(u) || /^https?:$/.test(new URL(u).protocol), 'must be an http or https URL');

export const whitelistSchema = z
  .object({
    enabled: z.boolean().default(whitelist.enabled),
    mode: z.enum(['referer', 'email', 'either']).default(whitelist.mode),
    domains: z.array(domainPattern).default(whitelist.domains),
    allowMissingReferer: z.boolean().default(whitelist.allowMissingReferer),
  })
  .strict();

/** The options every tenant has, whatever its vendor. */
const engineOptionsShape = () => ({
  futureIatToleranceSeconds: seconds.default(tenantOptions.futureIatToleranceSeconds),
  maxIatAgeSeconds: seconds.nullable().default(tenantOptions.maxIatAgeSeconds),
  strictTypes: z.boolean().nullable().default(tenantOptions.strictTypes),
  strict: z.boolean().default(tenantOptions.strict),
  maxTokenBytes: z.number().int().min(256, 'must be at least 256').max(65536, 'must be at most 65536').default(tenantOptions.maxTokenBytes),
  maxJtiLength: z.number().int().min(1).max(4096).default(tenantOptions.maxJtiLength),
  sessionTtlSeconds: seconds.min(1).default(tenantOptions.sessionTtlSeconds),
  replayMarginSeconds: seconds.default(tenantOptions.replayMarginSeconds),
});

const secret = z.string().min(1, 'must not be empty');

/** What every tenant has besides its profile and options. */
const commonShape = () => ({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit'),
  secret: secret.optional(),
  secrets: z.array(secret).min(1, 'must list at least one secret').optional(),
  remoteLoginUrl: httpUrl.optional(),
  remoteLogoutUrl: httpUrl.optional(),
  whitelist: whitelistSchema.default({}),
});

type OptionsOf<V> = V extends { options: infer O extends VendorOptionTable } ? O : Record<never, never>;
type SchemaOf<O> = O extends { schema: infer S extends z.ZodTypeAny } ? S : never;
/** A vendor's own options, each optional: absent, its documented default applies where it is read. */
type VendorOptionsShape<Id extends ProfileId> = { [K in keyof OptionsOf<(typeof VENDORS)[Id]>]: z.ZodOptional<SchemaOf<OptionsOf<(typeof VENDORS)[Id]>[K]>> };
/** The options every tenant has, with their defaults applied. */
export type EngineOptions = z.output<z.ZodObject<ReturnType<typeof engineOptionsShape>>>;
/** Every vendor's options, each optional: the view of a tenant's options the engine reads (a vendor reads only its own). */
export type AnyVendorOptions = { [K in keyof AllVendorOptions]?: z.output<SchemaOf<AllVendorOptions[K]>> };
type OptionsSchema<Id extends ProfileId> = z.ZodObject<ReturnType<typeof engineOptionsShape> & VendorOptionsShape<Id>, 'strict'>;
type Branch<Id extends ProfileId> = z.ZodObject<
  ReturnType<typeof commonShape> & { profile: z.ZodLiteral<Id>; options: z.ZodDefault<OptionsSchema<Id>> },
  'strict'
>;
/** One branch per vendor: `profile` is its id, `options` the engine's and its own. */
type Branches = { [Id in ProfileId]: Branch<Id> }[ProfileId];

/** The options object of `id`'s tenants: the engine's and that vendor's own, nothing else. */
function optionsSchemaOf<Id extends ProfileId>(id: Id): OptionsSchema<Id> {
  const own = Object.entries((VENDORS[id] as Vendor).options ?? {}).map(([name, option]) => [name, option.schema.optional()]);
  return z.object({ ...engineOptionsShape(), ...Object.fromEntries(own) }).strict() as OptionsSchema<Id>;
}

function branchOf<Id extends ProfileId>(id: Id): Branch<Id> {
  const { id: idSchema, ...common } = commonShape();
  const options = optionsSchemaOf(id).default({} as z.input<OptionsSchema<Id>>);
  // The keys in the order a tenant is written (and its problems listed): id, profile, the rest, options.
  return z.object({ id: idSchema, profile: z.literal(id), ...common, options }).strict() as unknown as Branch<Id>;
}

/**
 * A tenant whose profile names no registered vendor: checked field by field all the same, so every
 * problem is reported at once, and `profile` refused as zod refuses an enum value (`must be one of …`).
 * The union gives up at its discriminator; tenant-issues.ts swaps its issue for these.
 */
export const buildUnknownProfileTenantSchema = () => {
  const { id, ...common } = commonShape();
  return z
    .object({
      id,
      profile: z.string().superRefine((value, ctx) => {
        if ((PROFILE_IDS as readonly string[]).includes(value)) return;
        ctx.addIssue({ code: z.ZodIssueCode.invalid_enum_value, options: [...PROFILE_IDS], received: value });
      }),
      ...common,
      options: z.record(z.unknown()).optional(),
    })
    .strict();
};

/** Checks that span fields, the same for every vendor. */
function checkAcrossFields(t: z.output<Branches>, ctx: z.RefinementCtx): void {
  if (t.whitelist.enabled && !('whitelist' in VENDORS[t.profile])) {
    const owners = PROFILE_IDS.filter((id) => 'whitelist' in VENDORS[id]).map((id) => VENDORS[id].contract.vendor);
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['whitelist', 'enabled'],
      message: `is a ${owners.join(' and ')} setting; ${t.profile} has no domain whitelist`,
    });
  }
  if ('algorithm' in t.options && t.options.algorithm === 'RS256') {
    try {
      createPublicKey(t.options.publicKey ?? '');
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['options', 'publicKey'], message: 'must be a PEM public key when algorithm is RS256' });
    }
  }
  if (t.secret !== undefined && t.secrets !== undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['secrets'], message: 'give either secret or secrets, not both' });
  }
}

/** A tenant: a union discriminated on `profile`, one branch per registered vendor. */
export const buildTenantSchema = () => {
  const branches = PROFILE_IDS.map((id) => branchOf(id)) as [Branches, ...Branches[]];
  return z.discriminatedUnion('profile', branches).superRefine(checkAcrossFields);
};
