import { cloneSpec, editClaims, fixtureCase, type FixtureCase } from '../../mint/fixture-case';

/** The format and signature cases a JWT's would be, and the external_id Discourse bans. */
export const discourseFixtureCases = (): FixtureCase[] => [
  fixtureCase('format', 'pass', 'pass', null, 'sso is base64 of a query; sig its hex HMAC-SHA256'),
  fixtureCase('format', 'fail-not-base64', 'fail', 'token_malformed', 'sso holds a "*", which base64 does not use (PayloadParseError)', (p) => ({
    ...cloneSpec(p),
    mangle: (text) => text.replace('sso=', 'sso=%2A'),
  })),
  fixtureCase('signature', 'pass', 'pass', null, 'HMAC-SHA256 of the base64 text with the tenant secret'),
  fixtureCase('signature', 'fail-upper-case', 'fail', 'signature_invalid', 'the right HMAC in upper-case hex (Discourse compares the string)', (p) => ({
    ...cloneSpec(p),
    mangle: (text) => text.replace(/sig=([0-9a-f]{64})/, (_m, hex: string) => `sig=${hex.toUpperCase()}`),
  })),
  fixtureCase('external_id_allowed', 'pass', 'pass', null, 'an external_id Discourse does not ban'),
  ...['none', 'NULL', 'Blank'].map((banned) =>
    fixtureCase(
      'external_id_allowed',
      `fail-${banned.toLowerCase()}`,
      'fail',
      'claim_invalid',
      `external_id "${banned}": banned (BANNED_EXTERNAL_IDS, any case)`,
      editClaims((c) => void (c.external_id = banned)),
    ),
  ),
];
