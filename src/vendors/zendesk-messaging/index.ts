import type { Vendor } from '../types';
import { zendeskMessagingPlan } from './plan';
import { ZENDESK_MESSAGING_README } from './readme';
import { zendeskMessaging as contract } from './contract';
import { zendeskMessagingFactory } from './factory';
import { zendeskMessagingFixtureCases } from './fixtures';
import { MAX_KEYS, ZENDESK_MESSAGING_OPTIONS } from './options';

/** Zendesk messaging: the widget's login, an exchange at `POST /messaging/login`, the key picked by `kid`. */
export const zendeskMessaging = {
  id: 'zendesk-messaging',
  contract,
  readme: ZENDESK_MESSAGING_README,
  options: ZENDESK_MESSAGING_OPTIONS,
  factory: zendeskMessagingFactory,
  fixtureCases: zendeskMessagingFixtureCases,
  plan: zendeskMessagingPlan,
  // Its own options' shape: naming the engine's TenantOptions here would make the types circular.
  checkTenant: ({ secrets, options }: { secrets: readonly string[]; options: { messagingKeyIds?: readonly string[] } }) => {
    const ids = options.messagingKeyIds ?? ZENDESK_MESSAGING_OPTIONS.messagingKeyIds.value;
    const problems: Array<{ path: Array<string | number>; message: string }> = [];
    if (secrets.length > MAX_KEYS) problems.push({ path: ['secrets'], message: `lists ${secrets.length} keys; Zendesk allows up to ${MAX_KEYS}` });
    if (secrets.length > 0 && ids.length !== secrets.length)
      problems.push({
        path: ['options', 'messagingKeyIds'],
        message: `names ${ids.length} key id(s) for ${secrets.length} secret(s): give one kid per secret, in order`,
      });
    if (new Set(ids).size !== ids.length) problems.push({ path: ['options', 'messagingKeyIds'], message: 'repeats a key id' });
    return problems;
  },
} satisfies Vendor;
