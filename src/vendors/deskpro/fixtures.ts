import { editClaims, fixtureCase, withoutClaims, type FixtureCase } from '../../mint/fixture-case';

/** Deskpro's `name` or `first_name` + `last_name` rule, which no single claim rule states. */
export const deskproFixtureCases = (): FixtureCase[] => [
  fixtureCase('names', 'pass', 'pass', null, 'name given'),
  fixtureCase(
    'names',
    'pass-first-last',
    'pass',
    null,
    'first_name + last_name instead of name',
    editClaims((c) => {
      delete c.name;
      Object.assign(c, { first_name: 'Jane', last_name: 'Doe' });
    }),
  ),
  fixtureCase(
    'names',
    'warn',
    'warn',
    null,
    'neither name nor first_name + last_name: accepted with a warning (strictDocs refuses)',
    withoutClaims('name', 'first_name', 'last_name'),
  ),
];
