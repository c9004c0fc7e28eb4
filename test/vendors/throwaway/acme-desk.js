// A throw-away sixth vendor, written as a plug-in would be: against the package's public API only
// (`require('helpdesk-jwt-receiver')`), in one file. test/vendors/throwaway/plugin.test.ts registers it
// in-process and loads it into the CLI with --vendor-module, and drives it end to end.
'use strict';
const { z } = require('zod');
const {
  DEFAULT_TOLERANCE_SECONDS,
  emailIdentity,
  fail,
  fixtureCase,
  iatMaxAgeWindow,
  iatMaxAgeWindowText,
  optionValue,
  stringClaim,
  vendorOption,
} = require('helpdesk-jwt-receiver');

const MAX_AGE_SECONDS = 60;

// A refusal only Acme Desk gives: its own code, answered with its own status.
const ERROR_CODES = {
  acme_account_closed: { status: 403, meaning: 'Acme Desk: the token says the account is closed (`closed: true`); Acme refuses it.' },
};

const OPTIONS = {
  acmeGreeting: vendorOption(z.string().min(1), 'Hello', 'Acme Desk: what its /hello page says.'),
};

const contract = {
  id: 'acme-desk',
  vendor: 'Acme Desk',
  consume: [{ methods: ['GET'], path: '/sso/jwt', tokenParam: 'jwt', returnParam: 'next' }],
  algorithms: ['HS256'],
  claims: [
    { name: 'iat', kind: 'numeric_date', presence: 'required', doc: 'Seconds since the epoch; at most 60 s old.' },
    { name: 'jti', kind: 'jti', presence: 'required', doc: 'Once per login.' },
    { name: 'email', kind: 'email', presence: 'required', doc: 'The user.' },
    { name: 'name', kind: 'string', presence: 'optional', doc: 'Display name.' },
  ],
  checkClaims: ({ claims }) => (claims.closed === true ? [fail('account_open', 'acme_account_closed', 'the account is closed (closed: true)')] : []),
  checkTimes: iatMaxAgeWindow(MAX_AGE_SECONDS),
  window: iatMaxAgeWindowText(MAX_AGE_SECONDS),
  windowDoc: 'iat at most 60 s old',
  replayKey: 'jti',
  homePath: '/home',
  answer: 'session-redirect',
  refusal: 'page',
  messages: { token_expired: 'Acme says: that link is stale' },
  fallbackMessage: 'Acme could not sign you in',
  identity: (claims, values) => emailIdentity(values, { name: stringClaim(claims, 'name'), firstName: null, lastName: null }),
  sources: ['a throw-away vendor of the test suite'],
};

exports.vendor = {
  id: 'acme-desk',
  contract,
  options: OPTIONS,
  errorCodes: ERROR_CODES,
  routes(router) {
    router.get('/hello', function sayHello(ctx) {
      ctx.body = { greeting: optionValue(ctx.state.tenant.options, OPTIONS, 'acmeGreeting') };
    });
  },
  entries: [{ label: 'hello', method: 'GET', path: '/hello', note: 'says acmeGreeting' }],
  factory: {
    timeModel: { kind: 'iat-age', maxAgeSeconds: MAX_AGE_SECONDS, toleranceSeconds: DEFAULT_TOLERANCE_SECONDS },
    passingClaims: (atMs, subject, jti) => ({ iat: Math.floor(atMs / 1000), jti, email: subject.email, ...(subject.name ? { name: subject.name } : {}) }),
    breaks: {
      'acme-stale': {
        doc: 'Acme Desk: iat 61 s before the instant, one second past its window',
        applies: () => true,
        apply(spec, _vendor, atMs) {
          spec.claims.iat = Math.floor(atMs / 1000) - MAX_AGE_SECONDS - 1;
          return { check: 'iat_window', code: 'token_expired', explain: 'iat is 61 s before the instant; Acme Desk accepts 60 s' };
        },
      },
    },
  },
  fixtureCases: () => [
    fixtureCase('name', 'pass-acme-greeting', 'pass', null, 'a name Acme shows beside its greeting', (spec) => ({
      ...spec,
      claims: { ...spec.claims, name: 'Wile E.' },
    })),
  ],
};
