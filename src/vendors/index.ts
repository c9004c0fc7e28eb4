import type { VendorOption } from '../config/setting';
import type { Profile } from '../verify/contract';
import { deskpro } from './deskpro';
import { happyfox } from './happyfox';
import { mojo } from './mojo';
import type { Vendor } from './types';
import { zendesk } from './zendesk';
import { zohoAsap } from './zoho-asap';

/**
 * Every vendor the receiver serves, by id: the one place that lists them. Adding a vendor is its
 * folder (src/vendors/<id>/: contract, options, routes, token factory) plus one line here.
 */
export const VENDORS = {
  deskpro,
  happyfox,
  mojo,
  zendesk,
  'zoho-asap': zohoAsap,
} as const satisfies Record<string, Vendor>;

export type ProfileId = keyof typeof VENDORS;
export const PROFILE_IDS = Object.keys(VENDORS) as [ProfileId, ...ProfileId[]];

/** The vendor of the `default` tenant when nothing names one (`serve` alone, `startReceiver({ secret })`). */
export const DEFAULT_PROFILE: ProfileId = 'happyfox';

/** Each vendor's contract, by id: what the pipeline judges a token by. */
export const PROFILES = Object.fromEntries(PROFILE_IDS.map((id) => [id, VENDORS[id].contract])) as Record<ProfileId, Profile>;

export function getProfile(id: ProfileId): Profile {
  return PROFILES[id];
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type OptionsOf<V> = V extends { options: infer O } ? O : Record<never, never>;
/** Every vendor's options in one table (the names are distinct across vendors). */
export type AllVendorOptions = UnionToIntersection<OptionsOf<(typeof VENDORS)[ProfileId]>>;
export const ALL_VENDOR_OPTIONS = Object.assign({}, ...PROFILE_IDS.map((id) => (VENDORS[id] as Vendor).options ?? {})) as AllVendorOptions;

/** Every vendor's own tenant options, and whose each is (an option set on another vendor's tenant is refused). */
export const VENDOR_OPTIONS: ReadonlyArray<{ name: string; owner: ProfileId; option: VendorOption }> = PROFILE_IDS.flatMap((owner) =>
  Object.entries((VENDORS[owner] as Vendor).options ?? {}).map(([name, option]) => ({ name, owner, option })),
);

export type { Vendor, EntryRoute } from './types';
export type { Profile, ClaimRule, Identity, ConsumeRoute } from '../verify/contract';
