import { z } from 'zod/v4';
import { domainPattern, seconds, vendorOption } from '../../config/setting';

/** Zendesk's tenant options. */
export const ZENDESK_OPTIONS = {
  allowGet: vendorOption(z.boolean(), true, 'Zendesk: accept GET /access/jwt besides the recommended POST form (false simulates the deprecation).'),
  iatSkewSeconds: vendorOption(seconds, 180, 'Zendesk: |now - iat| allowed, in seconds (180 observed in its error text; the docs say 120).'),
  returnToHosts: vendorOption(z.array(domainPattern), [] as string[], 'Zendesk: hosts (brand sites) a `return_to` URL may lead to besides the tenant itself.'),
};
