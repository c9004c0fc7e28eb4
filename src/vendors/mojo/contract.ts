import { iatMaxAgeWindow, iatMaxAgeWindowText } from '../../verify/time-window';
import { emailIdentity, stringClaim, type Profile } from '../../verify/contract';

/** "expired if they are more than 2 minutes old". */
export const MAX_IAT_AGE_SECONDS = 120;

/**
 * Mojo Helpdesk "Enterprise Single Sign On with JWT" (shared/seeds/004) and vendors.md §4. Mojo has
 * no jti, so a second use of the same token within its window is recognised by its signed content.
 */
export const mojo: Profile = {
  id: 'mojo',
  vendor: 'Mojo Helpdesk',
  consume: [{ methods: ['GET'], path: '/jwt/consume', tokenParam: 'token' }],
  algorithms: ['HS256'],
  claims: [
    { name: 'iat', kind: 'numeric_date', presence: 'required', doc: 'Seconds since the epoch; "expired if they are more than 2 minutes old".' },
    { name: 'email', kind: 'email', presence: 'required', doc: '"used to uniquely identify the user in Mojo".' },
    { name: 'first_name', kind: 'string', presence: 'optional', doc: 'Optional.' },
    { name: 'last_name', kind: 'string', presence: 'optional', doc: 'Optional.' },
  ],
  checkTimes: iatMaxAgeWindow(MAX_IAT_AGE_SECONDS),
  window: iatMaxAgeWindowText(MAX_IAT_AGE_SECONDS),
  windowDoc: 'iat at most 120 s old ("expired if they are more than 2 minutes old"); a future iat within futureIatToleranceSeconds',
  replayKey: 'content',
  homePath: '/home',
  answer: 'session-redirect',
  refusal: 'page',
  messages: {},
  fallbackMessage: 'Single sign-on failed',
  identity: (claims, values) => {
    const firstName = stringClaim(claims, 'first_name');
    const lastName = stringClaim(claims, 'last_name');
    return emailIdentity(values, { name: [firstName, lastName].filter(Boolean).join(' ') || null, firstName, lastName });
  },
  sources: ['Mojo Helpdesk article 169615 "Enterprise Single Sign On with JWT"'],
};
