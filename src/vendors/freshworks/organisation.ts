import { optionValue } from '../../config/setting';
import type { TimeRuleInput } from '../../verify/contract';
import { fail, pass, type Check } from '../../verify/verdict';
import { FRESHWORKS_OPTIONS } from './options';

/** Freshworks' "IDP errors" article (11000000028132), error 1. */
export const NOT_IN_ORGANISATION_MESSAGE = 'cannot be logged in as this user is not part of this organisation';

/**
 * Freshworks logs in only a user the organisation has (the article's causes: the user is not in the
 * organisation as an agent, or a requester logs in where agents do). The receiver has no organisation,
 * so the tenant lists its users (`freshworksOrganisationUsers`); null: every address is one.
 */
export function checkOrganisationUser({ values, options }: TimeRuleInput): Check[] {
  const users = optionValue(options, FRESHWORKS_OPTIONS, 'freshworksOrganisationUsers');
  const email = values.get('email');
  if (users === null || typeof email !== 'string') return [];
  const address = email.toLowerCase();
  if (users.some((u) => u.toLowerCase() === address))
    return [pass('organisation_user', `${address} is one of the organisation's ${users.length} users (freshworksOrganisationUsers)`, { claim: 'email' })];
  return [
    fail(
      'organisation_user',
      'claim_invalid',
      `${address} is not one of the organisation's ${users.length} users (freshworksOrganisationUsers): Freshworks logs in only users it has, as agents where agents sign in; add the user to the organisation, or send the address it has`,
      { claim: 'email', reason: 'not_one_of', actual: address },
    ),
  ];
}
