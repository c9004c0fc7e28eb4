import { deskpro } from './deskpro/contract';
import { happyfox } from './happyfox/contract';
import { mojo } from './mojo/contract';
import type { Profile } from '../verify/contract';
import { zendesk } from './zendesk/contract';
import { zohoAsap } from './zoho-asap/contract';

/** Every profile the receiver serves, by id. Adding a vendor is one file plus one line here. */
export const PROFILES = {
  deskpro,
  happyfox,
  mojo,
  zendesk,
  'zoho-asap': zohoAsap,
} as const satisfies Record<string, Profile>;

export type ProfileId = keyof typeof PROFILES;
export const PROFILE_IDS = Object.keys(PROFILES) as [ProfileId, ...ProfileId[]];

export function getProfile(id: ProfileId): Profile {
  return PROFILES[id];
}

export type { Profile, ClaimRule, Identity, ConsumeRoute } from '../verify/contract';
