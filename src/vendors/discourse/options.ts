import { seconds, vendorOption } from '../../config/setting';

/** DiscourseConnect's tenant options. */
export const DISCOURSE_OPTIONS = {
  discourseNonceLifetimeSeconds: vendorOption(
    seconds.min(1),
    600,
    'DiscourseConnect: how long a nonce from /session/sso stays valid, in seconds (600: DiscourseConnectBase.nonce_expiry_time, 10.minutes; some sites pin 1800).',
  ),
};
