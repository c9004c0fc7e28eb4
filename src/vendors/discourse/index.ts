import type { Vendor } from '../types';
import { discoursePlan } from './plan';
import { discourse as contract } from './contract';
import { discourseFactory } from './factory';
import { discourseFixtureCases } from './fixtures';
import { DISCOURSE_OPTIONS } from './options';
import { DISCOURSE_README } from './readme';
import { DISCOURSE_ENTRIES, addDiscourseRoutes } from './routes';

/** DiscourseConnect: /session/sso issues a nonce; the IdP answers /session/sso_login?sso=&sig= (not a JWT). */
export const discourse = {
  id: 'discourse',
  contract,
  readme: DISCOURSE_README,
  options: DISCOURSE_OPTIONS,
  routes: addDiscourseRoutes,
  entries: DISCOURSE_ENTRIES,
  factory: discourseFactory,
  fixtureCases: discourseFixtureCases,
  plan: discoursePlan,
} satisfies Vendor;
