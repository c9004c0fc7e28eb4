import type { PlanHooks } from '../../conform/types';

/**
 * Zendesk's conformance plan beyond its contract: the token is POSTed (GET is deprecated; the
 * receiver still accepts it unless allowGet is false, so the plan is stricter), and the logout
 * redirect carries email, brand_id and return_to.
 */
export const zendeskPlan: PlanHooks = {
  requiredMethods: ['POST'],
  logoutParams: ['email', 'brand_id', 'return_to'],
};
