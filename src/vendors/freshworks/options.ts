import { z } from 'zod/v4';
import { seconds, vendorOption } from '../../config/setting';

/** Freshworks' tenant options (the admin's "custom JWT" settings, and the windows Freshworks does not document). */
export const FRESHWORKS_OPTIONS = {
  freshworksClientId: vendorOption(
    z.string().min(1),
    'freshworks-sso',
    'Freshworks: the `client_id` sent to the authorization URL (the admin sets it at the IdP).',
  ),
  freshworksStateLifetimeSeconds: vendorOption(
    seconds.min(1),
    600,
    'Freshworks: how long a `state` and `nonce` from /login stay valid, in seconds (undocumented; 600 chosen).',
  ),
  freshworksOrganisationUsers: vendorOption(
    z.array(z.string().email()).nullable(),
    null,
    'Freshworks: the addresses of the organisation\'s users (agents, where agents sign in); an id_token for another address is refused with "cannot be logged in as this user is not part of this organisation" (null: every address is one).',
  ),
};
