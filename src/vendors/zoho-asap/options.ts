import { z } from 'zod/v4';
import { domainPattern, seconds, vendorOption } from '../../config/setting';

/** Zoho Desk ASAP's tenant options. */
export const ZOHO_ASAP_OPTIONS = {
  allowAltClaims: vendorOption(z.boolean(), false, "Zoho ASAP: also accept the debug page's `nbf`/`iat` in seconds with `exp` in milliseconds."),
  accessTokenTtlSeconds: vendorOption(seconds.min(1), 3600, 'Zoho ASAP: lifetime of the access token the exchange returns.'),
  addOnDomains: vendorOption(
    z.array(domainPattern),
    null,
    'Zoho ASAP: hosts (exact or `*.domain`) whose pages may call POST /asap/jwt and GET /asap/me from a browser (CORS), as Zoho allows the web add-on only on the domain entered on its setup page. null: loopback hosts only (localhost, *.localhost, 127.0.0.1, [::1]), any port. `[]`: no browser origin.',
  ),
};
