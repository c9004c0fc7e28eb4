import type { ErrorCode } from '../errors';
import { PROFILES, type ProfileId } from '../profiles';
import { TIME_MODELS, hasClaimRule, requiresClaim, type TokenSpec } from './claims';

/**
 * The deliberately wrong tokens: for each check, the token it exists to catch. A break rewrites a
 * passing TokenSpec; `mint --break` and the golden fixtures share these, so each break's expected
 * refusal (check + code) is stated once.
 */
export const BREAK_KINDS = [
  'expired',
  'future',
  'bad-signature',
  'alg-none',
  'hs512',
  'no-jti',
  'no-iat',
  'no-email',
  'ms-iat',
  'string-iat',
  'seconds-window',
  'long-window',
  'not-verified',
  'replay',
] as const;
export type BreakKind = (typeof BREAK_KINDS)[number];

/** What a break leads to at a default tenant of the profile. */
export interface Broken {
  spec: TokenSpec;
  /** The check that refuses it (`replay`: on the second use only). */
  check: string;
  code: ErrorCode;
  /** One line with the numbers: what was changed and what the receiver will say. */
  explain: string;
}

interface BreakDef {
  /** One line for `mint --help`. */
  doc: string;
  applies(profile: ProfileId): boolean;
  /** Rewrites `spec` (a passing token's) in place; returns the expected refusal. */
  apply(spec: TokenSpec, profile: ProfileId, atMs: number): Omit<Broken, 'spec'>;
}

const vendorOf = (profile: ProfileId): string => PROFILES[profile].vendor;
const hasIat = (p: ProfileId): boolean => hasClaimRule(p, 'iat');
/** A vendor that reads a numeric-string iat as its number (Zendesk, Deskpro) only warns: no break there. */
const hasStrictIat = (p: ProfileId): boolean => hasIat(p) && !PROFILES[p].claims.some((r) => r.name === 'iat' && r.lenient);
const isZoho = (p: ProfileId): boolean => TIME_MODELS[p].kind === 'ms-window';

/** Moves the token in time by `shiftSeconds` (negative: into the past), keeping its own shape. */
function shift(spec: TokenSpec, profile: ProfileId, atMs: number, shiftSeconds: number): void {
  const c = spec.claims;
  const model = TIME_MODELS[profile];
  if (model.kind === 'ms-window') {
    c.not_before = Math.floor(atMs) + shiftSeconds * 1000;
    c.not_after = (c.not_before as number) + model.spanMs;
    return;
  }
  c.iat = Math.floor(atMs / 1000) + shiftSeconds;
  if (model.kind === 'leeway') c.exp = (c.iat as number) + model.lifetimeSeconds;
}

function expired(spec: TokenSpec, profile: ProfileId, atMs: number): Omit<Broken, 'spec'> {
  const model = TIME_MODELS[profile];
  const v = vendorOf(profile);
  const code = 'token_expired';
  switch (model.kind) {
    case 'iat-age':
      shift(spec, profile, atMs, -(model.maxAgeSeconds + 60));
      return { check: 'iat_window', code, explain: `iat is ${model.maxAgeSeconds + 60} s before the instant; ${v} accepts ${model.maxAgeSeconds} s` };
    case 'iat-skew':
      shift(spec, profile, atMs, -(model.skewSeconds + 60));
      return { check: 'iat_window', code, explain: `iat is ${model.skewSeconds + 60} s before the instant; ${v} accepts |now - iat| up to ${model.skewSeconds} s` };
    case 'leeway': {
      const age = model.lifetimeSeconds + model.leewaySeconds + 60;
      shift(spec, profile, atMs, -age);
      return { check: 'exp_window', code, explain: `exp is ${model.leewaySeconds + 60} s before the instant (iat ${age} s); ${v} allows ${model.leewaySeconds} s of leeway past exp` };
    }
    case 'ms-window': {
      const before = model.spanMs / 1000 + 60;
      shift(spec, profile, atMs, -before);
      return { check: 'validity_window', code, explain: `not_after is 60000 ms before the instant; ${v} tolerates ${model.toleranceMs} ms` };
    }
  }
}

function future(spec: TokenSpec, profile: ProfileId, atMs: number): Omit<Broken, 'spec'> {
  const model = TIME_MODELS[profile];
  const v = vendorOf(profile);
  const code = 'token_not_yet_valid';
  switch (model.kind) {
    case 'iat-age':
      shift(spec, profile, atMs, 60);
      return { check: 'iat_window', code, explain: `iat is 60 s after the instant; a default tenant tolerates ${model.toleranceSeconds} s` };
    case 'iat-skew':
      shift(spec, profile, atMs, model.skewSeconds + 60);
      return { check: 'iat_window', code, explain: `iat is ${model.skewSeconds + 60} s after the instant; ${v} accepts |now - iat| up to ${model.skewSeconds} s` };
    case 'leeway':
      shift(spec, profile, atMs, model.leewaySeconds + 60);
      return { check: 'iat_window', code, explain: `iat is ${model.leewaySeconds + 60} s after the instant; ${v} allows ${model.leewaySeconds} s of leeway` };
    case 'ms-window':
      shift(spec, profile, atMs, 60);
      return { check: 'validity_window', code, explain: `not_before is 60000 ms after the instant; ${v} tolerates ${model.toleranceMs} ms` };
  }
}

const BREAKS: Record<BreakKind, BreakDef> = {
  expired: { doc: 'too old: iat (Deskpro: exp, Zoho: not_after) past the window, by 60 s', applies: () => true, apply: expired },
  future: { doc: 'not yet valid: iat (Zoho: not_before) 60 s beyond what the vendor allows ahead', applies: () => true, apply: future },
  'bad-signature': {
    doc: 'signed with a different secret',
    applies: () => true,
    apply: (spec) => {
      spec.key = 'other';
      return { check: 'signature', code: 'signature_invalid', explain: 'signed with a secret other than --secret' };
    },
  },
  'alg-none': {
    doc: 'alg "none", no signature',
    applies: () => true,
    apply: (spec) => {
      spec.header = { ...spec.header, alg: 'none' };
      return { check: 'alg', code: 'alg_not_allowed', explain: 'alg is "none" and the signature is empty; an unsigned token is never accepted' };
    },
  },
  hs512: {
    doc: 'HS512 with the right secret (the vendors verify HS256 only)',
    applies: () => true,
    apply: (spec, profile) => {
      spec.header = { ...spec.header, alg: 'HS512' };
      return { check: 'alg', code: 'alg_not_allowed', explain: `signed with HS512 and the right secret; ${vendorOf(profile)} accepts only ${PROFILES[profile].algorithms.join(', ')}` };
    },
  },
  'no-jti': {
    doc: 'without jti (HappyFox, Zendesk)',
    applies: (p) => requiresClaim(p, 'jti'),
    apply: (spec, profile) => {
      delete spec.claims.jti;
      return { check: 'jti', code: 'claim_missing', explain: `no jti; ${vendorOf(profile)} requires one per login` };
    },
  },
  'no-iat': {
    doc: 'without iat (HappyFox, Mojo, Zendesk)',
    applies: (p) => requiresClaim(p, 'iat'),
    apply: (spec, profile) => {
      delete spec.claims.iat;
      return { check: 'iat', code: 'claim_missing', explain: `no iat; ${vendorOf(profile)} requires it` };
    },
  },
  'no-email': {
    doc: 'without email',
    applies: (p) => requiresClaim(p, 'email'),
    apply: (spec, profile) => {
      delete spec.claims.email;
      return { check: 'email', code: 'claim_missing', explain: `no email; ${vendorOf(profile)} identifies the user by it` };
    },
  },
  'ms-iat': {
    doc: 'iat in milliseconds (Date.now() instead of seconds)',
    applies: hasIat,
    apply: (spec, _profile, atMs) => {
      spec.claims.iat = Math.floor(atMs);
      return { check: 'iat', code: 'claim_invalid', explain: `iat is ${Math.floor(atMs)}, milliseconds; the vendor expects seconds` };
    },
  },
  'string-iat': {
    doc: 'iat as a numeric string ("1768478400"), where the vendor refuses it',
    applies: hasStrictIat,
    apply: (spec, _profile, atMs) => {
      spec.claims.iat = String(Math.floor(atMs / 1000));
      return { check: 'iat', code: 'claim_invalid', explain: 'iat is a string of digits; the vendor expects a JSON number' };
    },
  },
  'seconds-window': {
    doc: 'Zoho: not_before / not_after in seconds instead of milliseconds',
    applies: isZoho,
    apply: (spec) => {
      spec.claims.not_before = Math.floor((spec.claims.not_before as number) / 1000);
      spec.claims.not_after = Math.floor((spec.claims.not_after as number) / 1000);
      return { check: 'not_before', code: 'claim_invalid', explain: `not_before ${String(spec.claims.not_before)} is in seconds; Zoho expects milliseconds` };
    },
  },
  'long-window': {
    doc: 'Zoho: not_after - not_before of 15 minutes (Zoho allows 600000 ms)',
    applies: isZoho,
    apply: (spec) => {
      spec.claims.not_after = (spec.claims.not_before as number) + 900_000;
      return { check: 'validity_span', code: 'claim_invalid', explain: 'not_after - not_before is 900000 ms; Zoho allows at most 600000 ms' };
    },
  },
  'not-verified': {
    doc: 'Zoho: email_verified false',
    applies: (p) => hasClaimRule(p, 'email_verified'),
    apply: (spec) => {
      spec.claims.email_verified = false;
      return { check: 'email_verified_true', code: 'email_not_verified', explain: 'email_verified is false; Zoho signs in verified addresses only' };
    },
  },
  replay: {
    doc: 'a valid token meant to be sent twice: the second use is refused (not Deskpro, which does not check)',
    applies: (p) => PROFILES[p].replayKey !== 'none',
    apply: (_spec, profile) => {
      const by = PROFILES[profile].replayKey === 'jti' ? 'its jti' : 'its signed content (no jti in the contract)';
      return { check: 'replay', code: 'token_replayed', explain: `a valid token meant to be sent twice: a receiver accepts the first use and refuses the second with token_replayed (known by ${by}); \`check\` alone accepts it, as it consumes nothing` };
    },
  },
};

export const breakDoc = (kind: BreakKind): string => BREAKS[kind].doc;

/** The breaks that apply to a default tenant of `profile`, in BREAK_KINDS order. */
export function breaksFor(profile: ProfileId): BreakKind[] {
  return BREAK_KINDS.filter((kind) => BREAKS[kind].applies(profile));
}

/** `passing` (a passing token's spec, left untouched) broken by `kind`; throws when it does not apply. */
export function applyBreak(kind: BreakKind, profile: ProfileId, atMs: number, passing: TokenSpec): Broken {
  const def = BREAKS[kind];
  if (!def.applies(profile)) throw new Error(`--break ${kind} does not apply to ${profile}`);
  const spec: TokenSpec = { ...passing, header: { ...passing.header }, claims: { ...passing.claims } };
  return { spec, ...def.apply(spec, profile, atMs) };
}
