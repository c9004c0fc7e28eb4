import { z } from 'zod/v4';
import { seconds, vendorOption } from '../../config/setting';

/** DiscourseConnect's tenant options. */
export const DISCOURSE_OPTIONS = {
  discourseNonceLifetimeSeconds: vendorOption(
    seconds.min(1),
    600,
    'DiscourseConnect: how long a nonce from /session/sso stays valid, in seconds (600: DiscourseConnectBase.nonce_expiry_time, 10.minutes; some sites pin 1800).',
  ),
  discourseCsrfProtection: vendorOption(
    z.boolean(),
    true,
    "DiscourseConnect: the nonce is bound to the browser that opened /session/sso, and a login from another browser is refused (true: Discourse's hidden site setting discourse_connect_csrf_protection, on by default; false: any browser may redeem it).",
  ),
};
