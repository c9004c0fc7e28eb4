import type { PlanHooks } from '../../conform/types';

/**
 * Zendesk messaging hands the token to the widget (`zE('messenger', 'loginUser', callback)`), which
 * sends it to Zendesk's servers: no browser login reaches a consume route. Offline the plan has the
 * secret rule only, and Zendesk states none for its signing keys, so every module is SKIPPED.
 */
export const zendeskMessagingPlan: PlanHooks = {
  noBrowserLogin:
    "Zendesk messaging has no browser login: the widget hands the IdP's JWT to Zendesk (POST /messaging/login here); test the JWT endpoint's token with mint and check",
};
