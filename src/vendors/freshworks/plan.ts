import type { PlanHooks } from '../../conform/types';

/**
 * Freshworks' plan beyond its contract: the IdP sends the id_token only to the redirect_uri the admin
 * registered. The forged request names another SSO configuration on the same helpdesk, which the
 * receiver would serve, so only an IdP that compares redirect_uri refuses it.
 */
export const freshworksPlan: PlanHooks = {
  forgedRequest: {
    param: 'redirect_uri',
    forge: (uri) => uri.replace(/\/sp\/OIDC\/[^/]+\/implicit$/, '/sp/OIDC/999/implicit'),
    rule: 'the IdP answers only the redirect_uri registered for the client (/sp/OIDC/<id>/implicit), and refuses another',
    source: 'OpenID Connect Core 1.0 §3.2.2.1 (redirect_uri must exactly match a registered one), as Freshworks "Basics of JWT" sends it',
  },
};
