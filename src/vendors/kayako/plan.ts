import type { PlanHooks } from '../../conform/types';
import { MIN_SECRET_LENGTH } from './contract';

/** Kayako's conformance plan beyond its contract: the admin page's rule for the shared secret. */
export const kayakoPlan: PlanHooks = {
  secretRule: {
    rule: `the shared secret is at least ${MIN_SECRET_LENGTH} characters (Kayako's SSO settings refuse a shorter one)`,
    source: 'Kayako developer documentation "Single sign-on" (configuration)',
    test: (secret) => (secret.length >= MIN_SECRET_LENGTH ? null : `Kayako refuses a shared secret under ${MIN_SECRET_LENGTH} characters`),
  },
};
