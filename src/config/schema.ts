import { z } from 'zod/v4';
import { onVendorRegistered } from '../vendors';
import { SERVER_DEFAULTS, STORE_DEFAULTS, valuesOf } from './defaults';
import { buildTenantSchema, whitelistSchema, type AnyVendorOptions, type EngineOptions } from './tenant-schema';

const server = valuesOf(SERVER_DEFAULTS);
const store = valuesOf(STORE_DEFAULTS);
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
        .prefault({}),
      store: z
        .object({
          attemptsPerTenant: z.number().int().min(1).default(store.attemptsPerTenant),
          housekeepingIntervalSeconds: z.number().int().min(1).default(store.housekeepingIntervalSeconds),
        })
        .strict()
        .prefault({}),
      tenants: z.array(buildTenantSchema()).default([]),
    })
    .strict()
    .superRefine((file, ctx) => {
      const seen = new Map<string, number>();
      file.tenants.forEach((t, i) => {
        const first = seen.get(t.id);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['tenants', i, 'id'], message: `repeats the id of tenants[${first}] (${t.id})` });
        }
        seen.set(t.id, i);
      });
    });

/**
 * The schemas, made from the vendors registered now; rebuilt when one is registered at run time,
 * so a plug-in's profile id and options validate like the built-in ones. (CommonJS exports are read
 * at each use, so importers see the rebuilt ones.)
 */
export let tenantSchema = buildTenantSchema();
export let fileSchema = buildFileSchema();
onVendorRegistered(() => {
  tenantSchema = buildTenantSchema();
  fileSchema = buildFileSchema();
});

export { whitelistSchema };
export type FileConfig = z.infer<typeof fileSchema>;
export type { TenantConfig, TenantInput } from './tenant-schema';
/**
 * A tenant's options as the engine and the vendors read them: the engine's, and any vendor's
 * (only its own vendor's can be set; TenantConfig['options'] says which, narrowed by `profile`).
 */
export type TenantOptions = EngineOptions & AnyVendorOptions;
export type WhitelistConfig = z.infer<typeof whitelistSchema>;
export type ServerConfig = FileConfig['server'];
export type StoreConfig = FileConfig['store'];
