import { editClaims, fixtureCase, type FixtureCase } from '../../mint/fixture-case';

/** Zoho's email_verified rule, and the debug page's alternative claims a default tenant ignores. */
export const zohoAsapFixtureCases = (atMs: number): FixtureCase[] => [
  fixtureCase('email_verified_true', 'pass', 'pass', null, 'email_verified true (the check only shows when it fails)'),
  fixtureCase(
    'alt_claims',
    'warn',
    'warn',
    null,
    'an iat in seconds besides not_before/not_after: ignored with a warning (allowAltClaims off)',
    editClaims((c) => void (c.iat = Math.floor(atMs / 1000))),
  ),
];
