import type { Vendor } from '../types';
import { helpscoutDocsPlan } from './plan';
import { HELPSCOUT_DOCS_README } from './readme';
import { helpscoutDocs as contract } from './contract';
import { helpscoutDocsFactory } from './factory';
import { helpscoutDocsFixtureCases } from './fixtures';
import { addHelpscoutDocsRoutes } from './routes';

/** Help Scout Docs (restricted sites): `returnTo` to the IdP, back to `/authcallback?token=&returnTo=`. */
export const helpscoutDocs = {
  id: 'helpscout-docs',
  contract,
  readme: HELPSCOUT_DOCS_README,
  routes: addHelpscoutDocsRoutes,
  factory: helpscoutDocsFactory,
  fixtureCases: helpscoutDocsFixtureCases,
  plan: helpscoutDocsPlan,
} satisfies Vendor;
