import { z } from 'zod/v4';
import { onVendorRegistered } from '../vendors';
import { SERVER_SETTINGS, STORE_SETTINGS } from './engine-settings';
import { buildTenantSchema, whitelistSchema, type AnyVendorOptions, type EngineOptions } from './tenant-schema';

/** The config file: `tenant` is the tenant schema itself (built once: the 13 vendors' branches cost ~5 ms of start-up a build). */
const buildFileSchema = (tenant: ReturnType<typeof buildTenantSchema>) =>
  z
    .object({
      server: z.strictObject(SERVER_SETTINGS).prefault({}),
      store: z.strictObject(STORE_SETTINGS).prefault({}),
      tenants: z.array(tenant).default([]),
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
export let fileSchema = buildFileSchema(tenantSchema);
onVendorRegistered(() => {
  tenantSchema = buildTenantSchema();
  fileSchema = buildFileSchema(tenantSchema);
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
