import { deskpro } from './deskpro';
import { happyfox } from './happyfox';
import { mojo } from './mojo';
import type { Profile } from './types';
import { zendesk } from './zendesk';
import { zohoAsap } from './zoho-asap';

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

export type { Profile, ClaimRule, Identity, ConsumeRoute } from './types';
