import type { PlanHooks } from '../../conform/types';

/** Deskpro's login route takes the landing page as `return` (`/login?return=/new-ticket/`), which comes back inside the callback URL. */
export const deskproPlan: PlanHooks = { loginReturnParam: 'return' };
