import { createPublicKey } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { PROFILE_IDS } from '../profiles';
import { SERVER_DEFAULTS, STORE_DEFAULTS, TENANT_OPTION_DEFAULTS, VENDOR_OPTION_DEFAULTS, WHITELIST_DEFAULTS, valuesOf } from './defaults';

const server = valuesOf(SERVER_DEFAULTS);
const store = valuesOf(STORE_DEFAULTS);
const tenantOptions = valuesOf(TENANT_OPTION_DEFAULTS);
const whitelist = valuesOf(WHITELIST_DEFAULTS);
const vendorOptions = valuesOf(VENDOR_OPTION_DEFAULTS);

const seconds = z.number().int('must be a whole number').nonnegative('must not be negative');
const httpUrl = z
  .string()
  .url('must be an absolute URL')
  .refine((u) => !URL.canParse(u) || /^https?:$/.test(new URL(u).protocol), 'must be an http or https URL');

/** `idp.example.com` or `*.example.com`, stored lower-cased with an IDN domain in punycode. */
const domainPattern = z.string().transform((raw, ctx) => {
  const wildcard = raw.startsWith('*.');
  const host = (wildcard ? raw.slice(2) : raw).replace(/\.$/, '');
  // domainToASCII parses a URL host: it would cut `a.com/x` down to `a.com` and drop tabs, so refuse URL syntax first.
  const ascii = /[\s/?#\\@:]/.test(host) ? '' : domainToASCII(host);
  if (!ascii || ascii.includes('*') || ascii.split('.').includes('') || !ascii.includes('.') && ascii !== 'localhost') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a host name or *.domain (got ${JSON.stringify(raw)})` });
    return z.NEVER;
  }
  return wildcard ? `*.${ascii}` : ascii;
});

export const whitelistSchema = z
  .object({
    enabled: z.boolean().default(whitelist.enabled),
    mode: z.enum(['referer', 'email', 'either']).default(whitelist.mode),
    domains: z.array(domainPattern).default(whitelist.domains),
    allowMissingReferer: z.boolean().default(whitelist.allowMissingReferer),
  })
  .strict();

export const tenantOptionsSchema = z
  .object({
    futureIatToleranceSeconds: seconds.default(tenantOptions.futureIatToleranceSeconds),
    maxIatAgeSeconds: seconds.nullable().default(tenantOptions.maxIatAgeSeconds),
    strictTypes: z.boolean().nullable().default(tenantOptions.strictTypes),
    strict: z.boolean().default(tenantOptions.strict),
    maxTokenBytes: z.number().int().min(256, 'must be at least 256').max(65536, 'must be at most 65536').default(tenantOptions.maxTokenBytes),
    maxJtiLength: z.number().int().min(1).max(4096).default(tenantOptions.maxJtiLength),
    sessionTtlSeconds: seconds.min(1).default(tenantOptions.sessionTtlSeconds),
    replayMarginSeconds: seconds.default(tenantOptions.replayMarginSeconds),
    // Vendor options stay absent unless set (their defaults apply through vendorOption()).
    algorithm: z.enum(['HS256', 'HS384', 'HS512', 'RS256']).optional(),
    publicKey: z.string().optional(),
    strictDocs: z.boolean().optional(),
    allowGet: z.boolean().optional(),
    iatSkewSeconds: seconds.optional(),
    returnToHosts: z.array(domainPattern).optional(),
    allowAltClaims: z.boolean().optional(),
    accessTokenTtlSeconds: seconds.min(1).optional(),
    addOnDomains: z.array(domainPattern).optional(),
  })
  .strict();

type VendorOption = keyof typeof VENDOR_OPTION_DEFAULTS;
export { vendorOption } from './defaults';


/** Which profile each vendor option belongs to; set on another profile's tenant it is an error. */
const VENDOR_OPTION_OWNERS: Record<VendorOption, string> = {
  algorithm: 'deskpro',
  publicKey: 'deskpro',
  strictDocs: 'deskpro',
  allowGet: 'zendesk',
  iatSkewSeconds: 'zendesk',
  returnToHosts: 'zendesk',
  allowAltClaims: 'zoho-asap',
  accessTokenTtlSeconds: 'zoho-asap',
  addOnDomains: 'zoho-asap',
};

const secret = z.string().min(1, 'must not be empty');

export const tenantSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit'),
    profile: z.enum(PROFILE_IDS),
    secret: secret.optional(),
    secrets: z.array(secret).min(1, 'must list at least one secret').optional(),
    remoteLoginUrl: httpUrl.optional(),
    remoteLogoutUrl: httpUrl.optional(),
    whitelist: whitelistSchema.default({}),
    options: tenantOptionsSchema.default({}),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.whitelist.enabled && t.profile !== 'happyfox') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['whitelist', 'enabled'], message: `is a HappyFox setting; ${t.profile} has no domain whitelist` });
    }
    for (const [option, owner] of Object.entries(VENDOR_OPTION_OWNERS)) {
      if (t.options[option as VendorOption] !== undefined && t.profile !== owner) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['options', option], message: `is a ${owner} option; this tenant's profile is ${t.profile}` });
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

export const fileSchema = z
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
        housekeepingIntervalSeconds: z.number().int().min(1).default(store.housekeepingIntervalSeconds),
      })
      .strict()
      .default({}),
    tenants: z.array(tenantSchema).default([]),
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

export type FileConfig = z.infer<typeof fileSchema>;
export type TenantConfig = z.infer<typeof tenantSchema>;
export type TenantOptions = z.infer<typeof tenantOptionsSchema>;
export type WhitelistConfig = z.infer<typeof whitelistSchema>;
export type ServerConfig = FileConfig['server'];
export type StoreConfig = FileConfig['store'];
