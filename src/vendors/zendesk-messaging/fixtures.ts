import { cloneSpec, fixtureCase, type FixtureCase } from '../../mint/fixture-case';

/** The key id picks the key: the default tenant's, another, none. */
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
];
