import { generateKeyPairSync } from 'node:crypto';
import { startReceiver, type Receiver } from '../../src/library/receiver';
import { conform, type ConformOptions } from '../../src/conform/run';
import { HttpDriver } from '../../src/conform/drivers/http';
import type { ConformResult } from '../../src/conform/types';
import { VENDORS, type ProfileId, type Vendor } from '../../src/vendors';
import { examplePath } from '../../src/verify/contract';
import { IDP_SECRET, startPythonIdp, USERS_SCRIPT, type SampleIdp } from './support';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startIdp } = require('./idps/node-idp.js') as { startIdp(config: Record<string, unknown>): Promise<SampleIdp> };

/** One sample IdP behind one tenant of a shared receiver: its vendor, its flaw (none: correct), its language. */
export interface BenchEntry {
  vendor: ProfileId;
  flaw?: string;
  language?: 'node' | 'python';
  /** Tenant options beyond the vendor's defaults (the bench adds Freshworks' public key itself). */
  options?: Record<string, unknown>;
  /** More of the IdP's config. */
  idp?: Record<string, unknown>;
}

export interface Bench {
  receiver: Receiver;
  /** The tenant id of an entry: `<vendor>` for the correct IdP, `<vendor>--<flaw>` for a broken one (`--py` for Python). */
  run(tenant: string, options?: Partial<ConformOptions>): Promise<ConformResult>;
  close(): Promise<void>;
}

export const tenantOf = (entry: BenchEntry): string => [entry.vendor, entry.flaw, entry.language === 'python' ? 'py' : null].filter(Boolean).join('--');

/** The RSA pair of a Freshworks IdP: the private half signs at the IdP, the public half is pasted into the tenant. */
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const FRESHWORKS_KEYS = {
  privateKey: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  publicKey: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
};

/**
 * Every entry's IdP started first (they learn their consume URL once the receiver's port is known),
 * then one receiver serving a tenant per entry: a file's runs share it instead of starting one each.
 */
export async function startBench(entries: readonly BenchEntry[]): Promise<Bench> {
  const idps = new Map<string, { entry: BenchEntry; idp: SampleIdp }>();
  for (const entry of entries) {
    const config = { vendor: entry.vendor, secret: IDP_SECRET, flaw: entry.flaw ?? null, kid: 'app-key-1', ...FRESHWORKS_KEYS, ...entry.idp };
    // Python's IdP takes its consume URL at start, so only a vendor whose login the receiver starts (it names its own) runs there.
    const python = entry.language === 'python';
    idps.set(tenantOf(entry), { entry, idp: python ? await startPythonIdp({ ...config, consumeUrl: null }) : await startIdp(config) });
  }
  const receiver = await startReceiver({
    tenants: [...idps].map(([id, { entry, idp }]) => ({
      id,
      profile: entry.vendor,
      ...(entry.vendor === 'freshworks' ? {} : { secret: IDP_SECRET }),
      remoteLoginUrl: idp.loginUrl,
      remoteLogoutUrl: idp.logoutUrl,
      options: { ...(entry.vendor === 'freshworks' ? { publicKey: FRESHWORKS_KEYS.publicKey } : {}), ...entry.options },
    })),
  });
  const consumeUrl = (tenant: string, vendor: ProfileId) =>
    `${receiver.url}/t/${tenant}${examplePath((VENDORS as Record<string, Vendor>)[vendor]?.contract.consume[0] ?? { methods: [], path: '/', tokenParam: '' })}`;
  for (const [id, slot] of idps) {
    if (slot.entry.language !== 'python') slot.idp.setConsumeUrl(consumeUrl(id, slot.entry.vendor));
  }
  return {
    receiver,
    async run(tenant, options = {}) {
      const slot = idps.get(tenant);
      if (!slot) throw new Error(`no bench entry ${tenant}`);
      const driver = new HttpDriver();
      try {
        return await conform({
          receiver,
          tenant,
          driver,
          secrets: [IDP_SECRET],
          users: USERS_SCRIPT.users,
          timeoutMs: 10_000,
          ...options,
        });
      } finally {
        await driver.close();
      }
    },
    async close() {
      await receiver.close();
      for (const { idp } of idps.values()) await idp.close();
    },
  };
}
