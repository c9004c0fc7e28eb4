import type { VendorOption } from '../config/setting';
import { errorCodeProblems, registerErrorCodes } from '../errors';
import type { Profile } from '../verify/contract';
import { canny } from './canny';
import { deskpro } from './deskpro';
import { discourse } from './discourse';
import { freshdeskSimpleSso } from './freshdesk-simple-sso';
import { freshdeskSsoV2 } from './freshdesk-sso-v2';
import { freshworks } from './freshworks';
import { happyfox } from './happyfox';
import { helpscoutDocs } from './helpscout-docs';
import { kayako } from './kayako';
import { mojo } from './mojo';
import type { Vendor } from './types';
import { zendesk } from './zendesk';
import { zendeskMessaging } from './zendesk-messaging';
import { zohoAsap } from './zoho-asap';

/**
 * Every vendor the receiver serves, by id: the one place that lists them. Adding a vendor is its
 * folder (src/vendors/<id>/: contract, options, routes, token factory) plus one line here, or, for
 * a vendor of one's own, `registerVendor` below.
 */
export const VENDORS = {
  canny,
  deskpro,
  discourse,
  'freshdesk-simple-sso': freshdeskSimpleSso,
  'freshdesk-sso-v2': freshdeskSsoV2,
  freshworks,
  happyfox,
  'helpscout-docs': helpscoutDocs,
  kayako,
  mojo,
  zendesk,
  'zendesk-messaging': zendeskMessaging,
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

type Listener = (vendor: Vendor) => void;
const listeners: Listener[] = [];

/** Runs `listener` after each `registerVendor` (the config schema rebuilds itself with the new vendor). */
export function onVendorRegistered(listener: Listener): void {
  listeners.push(listener);
}

/**
 * Adds a vendor at run time: a plug-in module (`serve --vendor <module>`, `HJR_VENDOR_MODULES`) or a
 * test's throw-away vendor. Its id must be new, its options must not reuse another vendor's
 * option names, and its error codes must be new codes. From then on the vendor is served, validated, minted and documented like the
 * vendors listed above. Register before starting a receiver: a running one has built its routes.
 */
export function registerVendor(vendor: Vendor): void {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(vendor.id)) throw new Error(`vendor id ${JSON.stringify(vendor.id)} must be 1-63 lower-case letters, digits or dashes`);
  if ((PROFILE_IDS as readonly string[]).includes(vendor.id)) throw new Error(`a vendor with id ${vendor.id} is registered already`);
  if (vendor.contract.id !== vendor.id) throw new Error(`vendor ${vendor.id}: its contract's id is ${vendor.contract.id}`);
  const clashes = Object.keys(vendor.options ?? {}).filter((name) => name in ALL_VENDOR_OPTIONS);
  if (clashes.length > 0) throw new Error(`vendor ${vendor.id}: option names ${clashes.join(', ')} belong to another vendor`);
  const codeProblems = errorCodeProblems(vendor.errorCodes ?? {});
  if (codeProblems.length > 0) throw new Error(`vendor ${vendor.id}: ${codeProblems.join('; ')}`);
  // Checked above, so nothing is half-registered when one of its parts is refused.
  registerErrorCodes(vendor.errorCodes ?? {});
  const id = vendor.id as ProfileId;
  (VENDORS as Record<string, Vendor>)[id] = vendor;
  PROFILE_IDS.push(id);
  PROFILES[id] = vendor.contract;
  Object.assign(ALL_VENDOR_OPTIONS, vendor.options);
  (VENDOR_OPTIONS as Array<(typeof VENDOR_OPTIONS)[number]>).push(
    ...Object.entries(vendor.options ?? {}).map(([name, option]) => ({ name, owner: id, option })),
  );
  for (const listener of listeners) listener(vendor);
}

export type { Vendor, EntryRoute } from './types';
export type { Profile, ClaimRule, Identity, ConsumeRoute } from '../verify/contract';
