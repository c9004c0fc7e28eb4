import { z } from 'zod/v4';
import { component } from './registry';

/** A tenant as served now; its secrets are never shown, only counted. */
export const tenantSchema = component(
  'Tenant',
  z.object({
    id: z.string(),
    profile: z.string(),
    vendor: z.string(),
    path: z.string().meta({ description: '/ for the default tenant, /t/<id>/ otherwise', examples: ['/', '/t/acme/'] }),
    consume: z.array(z.string()).describe('every consume route with its methods and full path, e.g. GET /t/acme/jwt/'),
    algorithms: z.array(z.string()),
    secrets: z.object({ count: z.number().int(), source: z.enum(['config', 'generated']) }).describe('the secrets are never returned'),
    remoteLoginUrl: z.string().nullable(),
    remoteLogoutUrl: z.string().nullable(),
    whitelist: z
      .object({ enabled: z.boolean(), mode: z.enum(['referer', 'email', 'either']), domains: z.array(z.string()), allowMissingReferer: z.boolean() })
      .describe('tenants[].whitelist of the config file, defaults filled in'),
    options: z
      .record(z.string(), z.unknown())
      .describe("tenants[].options of the config file: the engine's with their defaults, and the vendor's that are set"),
  }),
);
export type TenantJson = z.infer<typeof tenantSchema>;

export const tenantListSchema = component('TenantList', z.object({ tenants: z.array(tenantSchema) }));
export type TenantListJson = z.infer<typeof tenantListSchema>;
