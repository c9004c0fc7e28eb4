/**
 * The library's mint(): the CLI's options as an object. Each token it makes is judged by the real
 * receiver (startReceiver: real HTTP, real store) and by checkToken, and gets the verdict it claims.
 */
import { breakKinds, MintOptionsError, PROFILES, checkToken, mint, startReceiver, type ProfileId } from '../../src';
import { breaksFor } from '../../src/mint/breaks';
import { VENDORS } from '../../src/vendors';

const secret = 'library-mint-secret-0123456789abcdef';
const AT = Date.UTC(2026, 0, 15, 12, 0, 0);
const profiles = Object.keys(PROFILES) as ProfileId[];
/** The shared secret, or for an RS256 vendor (Freshworks) the IdP's private key its factory names. */
const keyOf = (profile: ProfileId): string => VENDORS[profile].factory.goldenSecret ?? secret;

describe('mint()', () => {
  test.each(profiles)('%s: the passing token is accepted by checkToken at the same instant', async (profile) => {
    const minted = await mint({ profile, secret: keyOf(profile), email: 'jane@example.com', name: 'Jane Doe', at: new Date(AT) });
    expect(minted.broken).toBeNull();
    expect(minted.request).toBeNull();
    // A JWT, or a credential of the vendor's own: its form-encoded parameters.
    if (PROFILES[profile].credential) expect(minted.token).toMatch(/^[\w%.+*-]+=[\w%.+*-]*(&[\w%.+*-]+=[\w%.+*-]*)+$/);
    else expect(minted.token.split('.')).toHaveLength(3);
    const verdict = await checkToken({ profile, secret: keyOf(profile) }, minted.token, AT);
    expect({ accepted: verdict.accepted, code: verdict.code }).toEqual({ accepted: true, code: null });
    expect(verdict.claims).toEqual(minted.claims);
  });

  test.each(
    profiles.flatMap((p) =>
      breaksFor(p)
        .filter((k) => k !== 'replay')
        .map((k) => [p, k] as const),
    ),
  )('%s --break %s: refused with the code and at the check it names', async (profile, kind) => {
    const minted = await mint({ profile, secret: keyOf(profile), email: 'jane@example.com', at: AT, break: kind });
    expect(minted.broken).toMatchObject({ kind });
    const verdict = await checkToken({ profile, secret: keyOf(profile) }, minted.token, AT);
    expect(verdict.code).toBe(minted.broken!.code);
    expect(verdict.checks.find((c) => c.status === 'fail')?.name).toBe(minted.broken!.check);
  });

  test('claims, jti and an ISO instant are the CLI flags as options; url gives the paste-ready request', async () => {
    const minted = await mint({
      profile: 'happyfox',
      secret,
      email: 'jane@example.com',
      jti: 'fixed-jti',
      claims: { name: 'Override', extra: [1, 2] },
      at: '2026-01-15T12:00:00Z',
      url: 'http://127.0.0.1:8080/t/acme/',
    });
    expect(minted.claims).toEqual({ iat: AT / 1000, jti: 'fixed-jti', email: 'jane@example.com', name: 'Override', extra: [1, 2] });
    expect(minted.request).toBe(`http://127.0.0.1:8080/t/acme/jwt/?token=${encodeURIComponent(minted.token)}\n`);
  });

  test('through a real receiver: the minted token logs in once, and its replay break is refused the second time', async () => {
    const rx = await startReceiver({ secret });
    try {
      rx.clock.freeze(AT);
      const minted = await mint({ profile: 'happyfox', secret, email: 'jane@example.com', at: AT, break: 'replay' });
      const url = `${rx.url}/jwt/?token=${minted.token}`;
      const first = await fetch(url, { redirect: 'manual' });
      const second = await fetch(url, { redirect: 'manual' });
      expect([first.headers.get('x-receiver-result'), second.headers.get('x-receiver-result')]).toEqual(['accepted', 'token_replayed']);
      expect((await rx.lastAttempt())?.code).toBe('token_replayed');
    } finally {
      await rx.close();
    }
  });

  test('options that cannot make a token throw MintOptionsError naming the option', async () => {
    await expect(mint({ profile: 'nope' as ProfileId, secret, email: 'a@b.c' })).rejects.toThrow(
      new MintOptionsError(`profile must be one of ${profiles.join(', ')} (got nope)`),
    );
    await expect(mint({ profile: 'happyfox', secret, email: ' ' })).rejects.toThrow('email must not be empty');
    await expect(mint({ profile: 'happyfox', secret: '', email: 'a@b.c' })).rejects.toThrow('secret must not be empty');
    await expect(mint({ profile: 'happyfox', secret, email: 'a@b.c', at: 'yesterday' })).rejects.toThrow('at must be a Date');
    await expect(mint({ profile: 'deskpro', secret, email: 'a@b.c', break: 'replay' })).rejects.toThrow(
      'break replay does not apply to deskpro (deskpro does not refuse a second use)',
    );
    await expect(mint({ profile: 'happyfox', secret, email: 'a@b.c', break: 'bogus' as never })).rejects.toThrow(
      `break must be one of ${breakKinds().join(', ')}`,
    );
  });
});
