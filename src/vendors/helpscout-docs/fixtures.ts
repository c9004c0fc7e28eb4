import { cloneSpec, editClaims, fixtureCase, type FixtureCase } from '../../mint/fixture-case';

/** What only Help Scout's contract has to say: HS512 alone, exp from the examples' clock, jsonwebtoken's extra iat, sub an address. */
export const helpscoutDocsFixtureCases = (atMs: number): FixtureCase[] => {
  const now = Math.floor(atMs / 1000);
  return [
    fixtureCase(
      'exp_window',
      'fail-hour-ago',
      'fail',
      'token_expired',
      'a link followed an hour after it was made (exp now + 60 then)',
      editClaims((c) => void (c.exp = now - 3540)),
    ),
    fixtureCase('alg', 'fail-hs384', 'fail', 'alg_not_allowed', 'HS384 with the right secret; the examples sign HS512', (p) => ({
      ...cloneSpec(p),
      header: { ...p.header, alg: 'HS384' },
    })),
    fixtureCase(
      'exp_window',
      'pass-with-iat',
      'pass',
      null,
      'the iat jsonwebtoken adds (the examples) is ignored',
      editClaims((c) => void (c.iat = now)),
    ),
    fixtureCase(
      'exp_window',
      'pass-hour',
      'pass',
      null,
      'exp an hour ahead ("in real life you probably want a longer expiration")',
      editClaims((c) => void (c.exp = now + 3600)),
    ),
    fixtureCase(
      'sub',
      'fail-user-id',
      'fail',
      'claim_invalid',
      'sub a user id rather than the email',
      editClaims((c) => void (c.sub = 'user-42')),
    ),
    fixtureCase(
      'sub',
      'pass-mixed-case',
      'pass',
      null,
      'sub in mixed case: the address is normalised',
      editClaims((c) => void (c.sub = 'Jane.Doe@Example.COM')),
    ),
  ];
};
