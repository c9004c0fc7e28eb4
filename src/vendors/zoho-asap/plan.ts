import type { PlanHooks } from '../../conform/types';

/** Zoho Desk ASAP hands the token to its SDK, which exchanges it: there is no browser login to drive. */
export const zohoAsapPlan: PlanHooks = {
  noBrowserLogin: 'Zoho Desk ASAP has no browser login: the SDK exchanges the token (POST /asap/jwt); test it with mint and check',
};
