import { iatMaxAgeWindow, iatMaxAgeWindowText } from '../../verify/time-window';
import { emailIdentity, stringClaim, type Profile } from '../../verify/contract';

/** "valid for 120 seconds from HappyFox side" (KB 291). */
export const MAX_IAT_AGE_SECONDS = 120;

/**
 * HappyFox "JSON Web Token (JWT)" app: KB article 291 (shared/seeds/000, 001) and vendors.md §1.
 * Where the article is silent the recommendations of vendors.md "ambiguities" 2-5 apply.
 */
export const happyfox: Profile = {
  id: 'happyfox',
  vendor: 'HappyFox',
  consume: [{ methods: ['GET'], path: '/jwt/', tokenParam: 'token', returnParam: 'return_to' }],
  algorithms: ['HS256'],
  claims: [
    { name: 'iat', kind: 'numeric_date', presence: 'required', doc: 'Issued at: an integer count of seconds since the epoch ("required", KB 291).' },
    {
      name: 'jti',
      kind: 'jti',
      presence: 'required',
      doc: 'Unique per request, refused when reused (string or integer; the Magento client sends an integer).',
    },
    {
      name: 'email',
      kind: 'email',
      presence: 'required',
      doc: 'The contact\'s address; identifies the user (the article lists it as a value "you need to send").',
    },
    { name: 'name', kind: 'string', presence: 'warn', doc: 'Display name; optional, a warning when absent.' },
  ],
  checkTimes: iatMaxAgeWindow(MAX_IAT_AGE_SECONDS),
  window: iatMaxAgeWindowText(MAX_IAT_AGE_SECONDS),
  windowDoc: 'iat at most 120 s old ("valid for 120 seconds from HappyFox side"); a future iat within futureIatToleranceSeconds',
  replayKey: 'jti',
  homePath: '/home',
  answer: 'session-redirect',
  refusal: 'page',
  messages: { token_expired: 'Remote token has expired' },
  fallbackMessage: 'JWT login failed',
  identity: (claims, values) => emailIdentity(values, { name: stringClaim(claims, 'name'), firstName: null, lastName: null }),
  sources: ['HappyFox KB article 291 "Enable Single Sign On with JSON Web Token (JWT)"'],
};
