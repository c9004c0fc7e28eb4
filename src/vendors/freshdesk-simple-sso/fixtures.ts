import { cloneSpec, fixtureCase, type FixtureCase } from '../../mint/fixture-case';

/** The format and signature cases a JWT's would be (the engine derives those for JWT vendors only). */
export const freshdeskSimpleSsoFixtureCases = (): FixtureCase[] => [
  fixtureCase('format', 'pass', 'pass', null, 'name, email, timestamp and a 32-character hex hash'),
  fixtureCase('format', 'fail-short-hash', 'fail', 'token_malformed', 'the hash cut to 31 characters', (p) => ({
    ...cloneSpec(p),
    mangle: (text) => text.replace(/hash=([0-9a-f]{31})[0-9a-f]/, 'hash=$1'),
  })),
  fixtureCase('signature', 'pass', 'pass', null, 'HMAC-MD5 keyed by the tenant secret over name + secret + email + timestamp'),
  fixtureCase('signature', 'fail-upper-case', 'fail', 'signature_invalid', 'the right digest in upper-case hex (Freshdesk compares the string)', (p) => ({
    ...cloneSpec(p),
    mangle: (text) => text.replace(/hash=([0-9a-f]{32})/, (_m, hex: string) => `hash=${hex.toUpperCase()}`),
  })),
];
