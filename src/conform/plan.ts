import { VENDORS, type Vendor } from '../vendors';
import { happyPath } from './modules/happy-path';
import { forgedRequest } from './modules/forged-request';
import { freshReplayKey, reloginNewToken } from './modules/freshness';
import { iatFreshness } from './modules/iat';
import { logout, refusalHandling } from './modules/logout';
import { returnUrl } from './modules/return-url';
import { secretStrength } from './modules/secret';
import { transport } from './modules/transport';
import { identityStability, specialUser } from './modules/user';
import { skipped } from './modules/support';
import type { ModuleFactory, PlanModule } from './types';

/** Every module a plan may hold, in the order a run takes them (the cheap, offline one first). */
const FACTORIES: readonly ModuleFactory[] = [
  secretStrength,
  happyPath,
  freshReplayKey,
  iatFreshness,
  returnUrl,
  transport,
  reloginNewToken,
  specialUser,
  identityStability,
  logout,
  refusalHandling,
  forgedRequest,
];

/** Modules that need no login, so run for a vendor without a browser login too. */
const OFFLINE = new Set(['secret-strength']);

export class UnknownVendorError extends Error {
  override readonly name = 'UnknownVendorError';
}

export function vendorOf(id: string): Vendor {
  const vendor = (VENDORS as Record<string, Vendor>)[id];
  if (!vendor) throw new UnknownVendorError(`no vendor "${id}" is registered (${Object.keys(VENDORS).join(', ')})`);
  return vendor;
}

/**
 * A vendor's test plan: every module made from its contract (algorithms, claims, window, replay
 * key, return parameter, refusal style) and the hooks of its folder's plan.ts. Any registered vendor
 * gets one, a plug-in's included; the engine names none.
 */
export function planFor(vendorId: string): PlanModule[] {
  const vendor = vendorOf(vendorId);
  const hooks = vendor.plan ?? {};
  return FACTORIES.map((factory) => {
    const module = factory(vendor.contract, hooks);
    if (!hooks.noBrowserLogin || OFFLINE.has(module.id)) return module;
    const reason = hooks.noBrowserLogin;
    return { ...module, run: async () => skipped(reason) };
  });
}
