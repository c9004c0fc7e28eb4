import type { PlanHooks } from '../../conform/types';

/** The last hex digit of a sig changed: a request the forum did not sign. */
const flipLastHex = (sig: string): string => `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;

/** DiscourseConnect's plan beyond its contract: the IdP must check the forum's `sig` before it answers the `sso` it came with. */
export const discoursePlan: PlanHooks = {
  forgedRequest: {
    param: 'sig',
    forge: flipLastHex,
    rule: 'the IdP validates sig (HMAC-SHA256 of sso with the shared secret) before it reads the nonce and return_sso_url, and refuses a wrong one',
    source:
      'meta.discourse.org topic 13045 "Setup DiscourseConnect - Official Single-Sign-On for Discourse" (the IdP side: validate the signature, the HMAC-SHA256 of the payload with the secret, against sig)',
  },
};
