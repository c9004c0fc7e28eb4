import type { Vendor } from '../types';
import { FRESHDESK_SSO_V2_README } from './readme';
import { freshdeskSsoV2 as contract } from './contract';
import { freshdeskSsoV2Factory } from './factory';
import { addFreshdeskSsoV2Routes } from './routes';

/** Freshdesk's legacy JWT SSO v2 (reconstructed, opt-in): `/login/sso_v2?jwt_token=`, failures to `/login/normal`. */
export const freshdeskSsoV2 = {
  id: 'freshdesk-sso-v2',
  contract,
  readme: FRESHDESK_SSO_V2_README,
  routes: addFreshdeskSsoV2Routes,
  entries: [{ label: 'normal', method: 'GET', path: '/login/normal', note: 'where a refusal lands, with its flash message' }],
  factory: freshdeskSsoV2Factory,
} satisfies Vendor;
