import type { Vendor } from '../types';
import { zendeskPlan } from './plan';
import { ZENDESK_README } from './readme';
import { zendesk as contract } from './contract';
import { zendeskFactory } from './factory';
import { ZENDESK_OPTIONS } from './options';
import { addZendeskRoutes } from './routes';

/** Zendesk: `POST /access/jwt` (a browser form), with its /login and logout parameters. */
export const zendesk = {
  id: 'zendesk',
  contract,
  readme: ZENDESK_README,
  options: ZENDESK_OPTIONS,
  routes: addZendeskRoutes,
  factory: zendeskFactory,
  plan: zendeskPlan,
} satisfies Vendor;
