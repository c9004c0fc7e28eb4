import type { PlanHooks } from '../../conform/types';

/** HappyFox's conformance plan beyond its contract: the key it generates, "a 32 character alphanumeric string" (KB 291). */
export const happyfoxPlan: PlanHooks = {
  secretRule: {
    rule: 'the Key is a 32 character alphanumeric string (HappyFox prepopulates one)',
    source: 'HappyFox KB article 291',
    test: (secret) => (/^[A-Za-z0-9]{32}$/.test(secret) ? null : 'HappyFox generates 32 alphanumeric characters; a key of another shape was typed by hand'),
  },
};
