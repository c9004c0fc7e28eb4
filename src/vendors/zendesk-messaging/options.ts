import { z } from 'zod/v4';
import { vendorOption } from '../../config/setting';

/** The key id a tenant's (first) secret has unless `messagingKeyIds` says otherwise; what `mint` puts in `kid`. */
export const DEFAULT_KEY_ID = 'app_receiver_1';

/** Zendesk's limit: "You can create up to 10 keys". */
export const MAX_KEYS = 10;

/** Zendesk messaging's tenant options. */
export const ZENDESK_MESSAGING_OPTIONS = {
  messagingKeyIds: vendorOption(
    z.array(z.string().min(1).max(200)).min(1).max(MAX_KEYS),
    [DEFAULT_KEY_ID] as string[],
    "Zendesk messaging: the key id (`kid`) of each of the tenant's secrets, in the order of `secrets` (up to 10, as Admin Center allows).",
  ),
};
