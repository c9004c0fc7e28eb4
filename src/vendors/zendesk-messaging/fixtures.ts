import { cloneSpec, editClaims, fixtureCase, type FixtureCase } from '../../mint/fixture-case';

/** The key id picks the key; email counts only when verified. */
export const zendeskMessagingFixtureCases = (): FixtureCase[] => [
  fixtureCase('key_id', 'pass', 'pass', null, 'kid app_receiver_1, the default tenant key id'),
  fixtureCase('key_id', 'fail-unknown', 'fail', 'signature_invalid', 'a kid the tenant has no key for', (p) => ({
    ...cloneSpec(p),
    header: { ...p.header, kid: 'app_other' },
  })),
  fixtureCase('key_id', 'fail-missing', 'fail', 'signature_invalid', 'no kid: Zendesk cannot tell which key signed', (p) => {
    const spec = cloneSpec(p);
    delete spec.header.kid;
    return spec;
  }),
  fixtureCase('email_use', 'pass', 'pass', null, 'email with email_verified true: an identity of the user'),
  fixtureCase(
    'email_use',
    'warn-unverified',
    'warn',
    null,
    'email without email_verified: ignored, with a warning',
    editClaims((c) => void delete c.email_verified),
  ),
];
