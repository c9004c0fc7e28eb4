import { z } from 'zod/v4';
import { vendorOption } from '../../config/setting';

/** Freshdesk simple SSO's tenant options. */
export const FRESHDESK_SIMPLE_SSO_OPTIONS = {
  simpleSsoLegacyWindow: vendorOption(
    z.boolean(),
    false,
    'Freshdesk simple SSO: the old window (timestamp up to 1800 s old, 60 s ahead; a used hash remembered 1860 s) instead of ±30 s (remembered 60 s), as the account flag did.',
  ),
};
