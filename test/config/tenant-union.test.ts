/**
 * A tenant is a union discriminated on `profile`: each vendor's branch takes the engine's options
 * and that vendor's own, nothing else, and its problems keep the words they always had.
 */
import { parseConfig } from '../../src/config/load';
import { tenantSchema } from '../../src/config/schema';
import { PROFILE_IDS } from '../../src/vendors';
import { problemsOf } from './support';

describe('the tenant union', () => {
  test('one branch per registered vendor, keyed on profile', () => {
    const def = tenantSchema._zod.def as unknown as { type: string; discriminator: string; options: Array<{ shape: { profile: { value: string } } }> };
    expect({ type: def.type, discriminator: def.discriminator }).toEqual({ type: 'union', discriminator: 'profile' });
    expect(def.options.map((branch) => branch.shape.profile.value).sort()).toEqual([...PROFILE_IDS].sort());
  });

  test("a vendor's own option is taken on its tenant and narrows by profile", () => {
    const [zendesk, deskpro] = parseConfig({
      tenants: [
        { id: 'z', profile: 'zendesk', secret: 's', options: { iatSkewSeconds: 120 } },
        { id: 'd', profile: 'deskpro', secret: 's', options: { algorithm: 'HS512' } },
      ],
    }).tenants;
    expect(zendesk!.profile === 'zendesk' && zendesk!.options.iatSkewSeconds).toBe(120);
    expect(deskpro!.profile === 'deskpro' && deskpro!.options.algorithm).toBe('HS512');
  });

  test("another vendor's options are each named with their owner; an unknown one stays unknown", () => {
    expect(problemsOf({ tenants: [{ id: 'm', profile: 'mojo', secret: 's', options: { allowGet: false, strictDocs: true, colour: 1 } }] })).toEqual([
      'tenants[0].options.colour is not a known setting',
      "tenants[0].options.allowGet is a zendesk option; this tenant's profile is mojo",
      "tenants[0].options.strictDocs is a deskpro option; this tenant's profile is mojo",
    ]);
  });

  test('an unknown profile: the rest of the tenant is still checked, every problem at once', () => {
    expect(problemsOf({ tenants: [{ id: 'Bad', profile: 'zendsk', secret: '', options: { anything: 1 } }] })).toEqual([
      'tenants[0].id must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit',
      `tenants[0].profile must be one of ${PROFILE_IDS.join(', ')}; did you mean zendesk?`,
      'tenants[0].secret must not be empty',
    ]);
    expect(problemsOf({ tenants: [{ id: 'a', secret: 's' }] })).toEqual(['tenants[0].profile is required']);
  });
});
