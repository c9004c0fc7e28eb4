import { expWindow } from '../../verify/time-window';
import type { Profile } from '../../verify/contract';

/**
 * Help Scout Docs, restricted sites with a custom callback (developer.helpscout.com docs-api
 * restricted-docs; helpscout/restricted-docs-examples): Help Scout sends the visitor to the IdP's
 * sign-in URL with `returnTo`, a path on the Docs site; the IdP redirects to
 * `<site>/authcallback?token=<jwt>&returnTo=<path>`. The published examples sign `{ exp: now + 60,
 * sub: <email> }` with HS512 (jsonwebtoken).
 */
export const helpscoutDocs: Profile = {
  id: 'helpscout-docs',
  vendor: 'Help Scout Docs',
  consume: [{ methods: ['GET'], path: '/authcallback', tokenParam: 'token', returnParam: 'returnTo' }],
  algorithms: ['HS512'],
  claims: [
    { name: 'sub', kind: 'email', presence: 'required', doc: "The visitor's email address (the examples' `sub: email`); identifies the visitor." },
    {
      name: 'exp',
      kind: 'numeric_date',
      presence: 'required',
      doc: 'Expiry, seconds; the examples send now + 60 ("expires in 1 minute, resulting in a new call to /signin").',
    },
  ],
  checkTimes: expWindow,
  window: (options) => `exp not passed, ${options.futureIatToleranceSeconds} s tolerance (the examples: now + 60 s); nbf when present`,
  windowDoc: 'exp not passed (futureIatToleranceSeconds of tolerance; the examples mint now + 60 s); nbf when present; no iat rule',
  replayKey: 'none',
  homePath: '/home',
  answer: 'session-redirect',
  refusal: 'page',
  messages: {},
  fallbackMessage: 'You are not authorized to view this site',
  identity: (_claims, values) => {
    const email = values.get('sub');
    return typeof email === 'string' ? { key: email, email, name: null, firstName: null, lastName: null, externalId: null, attributes: null } : null;
  },
  sources: [
    'Help Scout developers "Restricted Docs" (docs-api/restricted-docs, custom callback)',
    'helpscout/restricted-docs-examples custom-callback-login-example/index.js, custom-callback-sso-example/index.js',
  ],
};
