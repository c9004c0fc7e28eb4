import { stringClaim, type Profile } from './types';

/**
 * Mojo Helpdesk "Enterprise Single Sign On with JWT" (shared/seeds/004) and vendors.md §4. Mojo has
 * no jti, so a second use of the same token within its window is recognised by its signed content.
 */
export const mojo: Profile = {
  id: 'mojo',
  vendor: 'Mojo Helpdesk',
  consume: { method: 'GET', path: '/jwt/consume', tokenParam: 'token' },
  algorithms: ['HS256'],
  claims: [
    { name: 'iat', kind: 'numeric_date', presence: 'required', doc: 'Seconds since the epoch; "expired if they are more than 2 minutes old".' },
    { name: 'email', kind: 'email', presence: 'required', doc: '"used to uniquely identify the user in Mojo".' },
    { name: 'first_name', kind: 'string', presence: 'optional', doc: 'Optional.' },
    { name: 'last_name', kind: 'string', presence: 'optional', doc: 'Optional.' },
  ],
  maxIatAgeSeconds: 120,
  replayKey: 'content',
  homePath: '/home',
  messages: {},
  fallbackMessage: 'Single sign-on failed',
  identity: (claims, email) => {
    const firstName = stringClaim(claims, 'first_name');
    const lastName = stringClaim(claims, 'last_name');
    const name = [firstName, lastName].filter(Boolean).join(' ') || null;
    return { email, name, firstName, lastName };
  },
  sources: ['Mojo Helpdesk article 169615 "Enterprise Single Sign On with JWT"'],
};
