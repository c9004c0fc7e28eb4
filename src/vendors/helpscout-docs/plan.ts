import type { PlanHooks } from '../../conform/types';

/**
 * Help Scout Docs' conformance plan beyond its contract: Help Scout bounds a token by its exp alone
 * and keeps no replay record, so the lifetime the IdP gives it is all that limits a leaked token;
 * the published examples give 60 s ("expires in 1 minute, resulting in a new call to /signin").
 */
export const helpscoutDocsPlan: PlanHooks = {
  tokenLifetime: {
    seconds: 60,
    rule: "Help Scout's examples sign exp = now + 60 s",
    source: 'helpscout/restricted-docs-examples custom-callback-sso-example/index.js',
  },
};
