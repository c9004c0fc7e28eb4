import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { ALL_VENDOR_OPTIONS, PROFILE_IDS, VENDORS, VENDOR_OPTIONS, onVendorRegistered, type AllVendorOptions, type ProfileId } from '../vendors';
import { domainPattern, seconds } from './setting';
import { SERVER_DEFAULTS, STORE_DEFAULTS, TENANT_OPTION_DEFAULTS, WHITELIST_DEFAULTS, valuesOf } from './defaults';

const server = valuesOf(SERVER_DEFAULTS);
const store = valuesOf(STORE_DEFAULTS);
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

/** Each vendor's options, validated by the vendor's own zod type, optional. */
const vendorOptionShape = () =>
  Object.fromEntries(Object.entries(ALL_VENDOR_OPTIONS).map(([name, option]) => [name, (option as { schema: z.ZodTypeAny }).schema.optional()])) as {
    [K in keyof AllVendorOptions]: z.ZodOptional<AllVendorOptions[K] extends { schema: infer S extends z.ZodTypeAny } ? S : never>;
  };

/** A registered vendor's id; an unknown one is refused as zod refuses an enum value (`must be one of …`). */
const profileId = z.string().superRefine((value, ctx): value is ProfileId => {
  if ((PROFILE_IDS as readonly string[]).includes(value)) return true;
  ctx.addIssue({ code: z.ZodIssueCode.invalid_enum_value, options: [...PROFILE_IDS], received: value });
  return false;
}) as unknown as z.ZodType<ProfileId, z.ZodTypeDef, string>;

const buildTenantOptionsSchema = () =>
  z
    .object({
      futureIatToleranceSeconds: seconds.default(tenantOptions.futureIatToleranceSeconds),
      maxIatAgeSeconds: seconds.nullable().default(tenantOptions.maxIatAgeSeconds),
      strictTypes: z.boolean().nullable().default(tenantOptions.strictTypes),
      strict: z.boolean().default(tenantOptions.strict),
      maxTokenBytes: z.number().int().min(256, 'must be at least 256').max(65536, 'must be at most 65536').default(tenantOptions.maxTokenBytes),
      maxJtiLength: z.number().int().min(1).max(4096).default(tenantOptions.maxJtiLength),
      sessionTtlSeconds: seconds.min(1).default(tenantOptions.sessionTtlSeconds),
      replayMarginSeconds: seconds.default(tenantOptions.replayMarginSeconds),
      // Vendor options (each vendor's folder defines its own) stay absent unless set; their defaults apply where they are read.
      ...vendorOptionShape(),
    })
    .strict();

const secret = z.string().min(1, 'must not be empty');

const buildTenantSchema = () =>
  z
    .object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit'),
      profile: profileId,
      secret: secret.optional(),
      secrets: z.array(secret).min(1, 'must list at least one secret').optional(),
      remoteLoginUrl: httpUrl.optional(),
      remoteLogoutUrl: httpUrl.optional(),
      whitelist: whitelistSchema.default({}),
      options: buildTenantOptionsSchema().default({}),
    })
    .strict()
    .superRefine((t, ctx) => {
      if (t.whitelist.enabled && !('whitelist' in VENDORS[t.profile])) {
        const owners = PROFILE_IDS.filter((id) => 'whitelist' in VENDORS[id]).map((id) => VENDORS[id].contract.vendor);
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['whitelist', 'enabled'],
          message: `is a ${owners.join(' and ')} setting; ${t.profile} has no domain whitelist`,
        });
      }
      for (const { name, owner } of VENDOR_OPTIONS) {
        if ((t.options as Record<string, unknown>)[name] !== undefined && t.profile !== owner) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['options', name], message: `is a ${owner} option; this tenant's profile is ${t.profile}` });
        }
      }
      if (t.options.algorithm === 'RS256') {
        try {
          createPublicKey(t.options.publicKey ?? '');
        } catch {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['options', 'publicKey'], message: 'must be a PEM public key when algorithm is RS256' });
        }
      }
      if (t.secret !== undefined && t.secrets !== undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['secrets'], message: 'give either secret or secrets, not both' });
      }
    });

const buildFileSchema = () =>
  z
    .object({
      server: z
        .object({
          host: z.string().min(1).default(server.host),
          port: z.number().int().min(0).max(65535, 'must be a port number (0-65535)').default(server.port),
          db: z.string().min(1).default(server.db),
          trustProxy: z.boolean().default(server.trustProxy),
          logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default(server.logLevel),
          busyTimeoutMs: z.number().int().min(0).default(server.busyTimeoutMs),
          maxUrlBytes: z.number().int().min(1024).max(1048576).default(server.maxUrlBytes),
          adminToken: z
            .string()
            .refine((t) => t.length >= 16, 'must be at least 16 characters')
            .nullable()
            .default(server.adminToken),
        })
        .strict()
        .default({}),
      store: z
        .object({
          attemptsPerTenant: z.number().int().min(1).default(store.attemptsPerTenant),
          sessionsPerTenant: z.number().int().min(1).default(store.sessionsPerTenant),
          housekeepingIntervalSeconds: z.number().int().min(1).default(store.housekeepingIntervalSeconds),
        })
        .strict()
        .default({}),
      tenants: z.array(buildTenantSchema()).default([]),
    })
    .strict()
    .superRefine((file, ctx) => {
      const seen = new Map<string, number>();
      file.tenants.forEach((t, i) => {
        const first = seen.get(t.id);
        if (first !== undefined) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['tenants', i, 'id'], message: `repeats the id of tenants[${first}] (${t.id})` });
        }
        seen.set(t.id, i);
      });
    });

/**
 * The schemas, made from the vendors registered now; rebuilt when one is registered at run time,
 * so a plug-in's profile id and options validate like the built-in ones. (CommonJS exports are read
 * at each use, so importers see the rebuilt ones.)
 */
export let tenantOptionsSchema = buildTenantOptionsSchema();
export let tenantSchema = buildTenantSchema();
export let fileSchema = buildFileSchema();
onVendorRegistered(() => {
  tenantOptionsSchema = buildTenantOptionsSchema();
  tenantSchema = buildTenantSchema();
  fileSchema = buildFileSchema();
});

export type FileConfig = z.infer<typeof fileSchema>;
export type TenantConfig = z.infer<typeof tenantSchema>;
export type TenantOptions = z.infer<typeof tenantOptionsSchema>;
export type WhitelistConfig = z.infer<typeof whitelistSchema>;
export type ServerConfig = FileConfig['server'];
export type StoreConfig = FileConfig['store'];
