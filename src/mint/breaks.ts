import type { ErrorCode } from '../errors';
import { PROFILE_IDS, VENDORS, type ProfileId } from '../vendors';
import type { Vendor } from '../vendors/types';
import type { BreakDef, TimeModel, TokenSpec } from './factory';
import { cloneSpec } from './fixture-case';

/**
 * The deliberately wrong tokens: for each check, the token it exists to catch. A break rewrites a
 * passing TokenSpec; `mint --break` and the golden fixtures share these, so each break's expected
 * refusal (check + code) is stated once. The engine's breaks below work on any vendor through its
 * contract and time model; a vendor adds its own in its factory (`breaks`).
 */
export type BreakKind = string;

/** What a break leads to at a default tenant of the profile. */
export interface Broken {
  spec: TokenSpec;
  /** The check that refuses it (`replay`: on the second use only). */
  check: string;
  code: ErrorCode;
  /** One line with the numbers: what was changed and what the receiver will say. */
  explain: string;
}

const hasClaimRule = (v: Vendor, name: string): boolean => v.contract.claims.some((rule) => rule.name === name);
const requiresClaim = (v: Vendor, name: string): boolean => v.contract.claims.some((rule) => rule.name === name && rule.presence === 'required');
const hasIat = (v: Vendor): boolean => hasClaimRule(v, 'iat');
/** A vendor that reads a numeric-string iat as its number (Zendesk, Deskpro) only warns: no break there. */
const hasStrictIat = (v: Vendor): boolean => hasIat(v) && !v.contract.claims.some((r) => r.name === 'iat' && r.lenient);

/** A vendor whose credential is a JWT (not its own format, as DiscourseConnect's): the header breaks apply. */
const isJwt = (v: Vendor): boolean => v.contract.credential === undefined;

/** The claim a seconds-based time model bounds. */
const timeClaim = (model: TimeModel): string => (model.kind === 'iat-skew' ? (model.claim ?? 'iat') : 'iat');
/** A vendor with a time claim to move (not DiscourseConnect, which has none). */
const hasTimeModel = (v: Vendor): boolean => v.factory.timeModel.kind !== 'none';

/** Moves the token in time by `shiftSeconds` (negative: into the past), keeping its own shape. */
function shift(spec: TokenSpec, vendor: Vendor, atMs: number, shiftSeconds: number): void {
  const c = spec.claims;
  const model = vendor.factory.timeModel;
  if (model.kind === 'exp') {
    c.exp = Math.floor(atMs / 1000) + shiftSeconds + (model.lifetimeSeconds ?? 60);
    return;
  }
  if (model.kind === 'ms-window') {
    c.not_before = Math.floor(atMs) + shiftSeconds * 1000;
    c.not_after = (c.not_before as number) + model.spanMs;
    return;
  }
  if (model.kind === 'none') return;
  c[timeClaim(model)] = Math.floor(atMs / 1000) + shiftSeconds;
  if (model.kind === 'leeway') c.exp = (c.iat as number) + model.lifetimeSeconds;
}

function expired(spec: TokenSpec, vendor: Vendor, atMs: number): Omit<Broken, 'spec'> {
  const model = vendor.factory.timeModel;
  const v = vendor.contract.vendor;
  const code = 'token_expired';
  switch (model.kind) {
    case 'iat-age':
      shift(spec, vendor, atMs, -(model.maxAgeSeconds + 60));
      return { check: 'iat_window', code, explain: `iat is ${model.maxAgeSeconds + 60} s before the instant; ${v} accepts ${model.maxAgeSeconds} s` };
    case 'iat-skew': {
      const claim = timeClaim(model);
      shift(spec, vendor, atMs, -(model.skewSeconds + 60));
      return {
        check: `${claim}_window`,
        code,
        explain: `${claim} is ${model.skewSeconds + 60} s before the instant; ${v} accepts |now - ${claim}| up to ${model.skewSeconds} s`,
      };
    }
    case 'leeway': {
      const age = model.lifetimeSeconds + model.leewaySeconds + 60;
      shift(spec, vendor, atMs, -age);
      return {
        check: 'exp_window',
        code,
        explain: `exp is ${model.leewaySeconds + 60} s before the instant (iat ${age} s); ${v} allows ${model.leewaySeconds} s of leeway past exp`,
      };
    }
    case 'exp': {
      // Whatever the lifetime, exp ends up toleranceSeconds + 60 s before the instant.
      shift(spec, vendor, atMs, -(model.toleranceSeconds + 60 + (model.lifetimeSeconds ?? 60)));
      return {
        check: 'exp_window',
        code,
        explain: `exp is ${model.toleranceSeconds + 60} s before the instant; a default tenant tolerates ${model.toleranceSeconds} s past exp`,
      };
    }
    case 'ms-window': {
      const before = model.spanMs / 1000 + 60;
      shift(spec, vendor, atMs, -before);
      return { check: 'validity_window', code, explain: `not_after is 60000 ms before the instant; ${v} tolerates ${model.toleranceMs} ms` };
    }
    case 'none':
      throw new Error(`${v} has no time claim to move`);
  }
}

function future(spec: TokenSpec, vendor: Vendor, atMs: number): Omit<Broken, 'spec'> {
  const model = vendor.factory.timeModel;
  const v = vendor.contract.vendor;
  const code = 'token_not_yet_valid';
  switch (model.kind) {
    case 'iat-age':
      shift(spec, vendor, atMs, 60);
      return { check: 'iat_window', code, explain: `iat is 60 s after the instant; a default tenant tolerates ${model.toleranceSeconds} s` };
    case 'iat-skew': {
      const claim = timeClaim(model);
      shift(spec, vendor, atMs, model.skewSeconds + 60);
      return {
        check: `${claim}_window`,
        code,
        explain: `${claim} is ${model.skewSeconds + 60} s after the instant; ${v} accepts |now - ${claim}| up to ${model.skewSeconds} s`,
      };
    }
    case 'leeway':
      shift(spec, vendor, atMs, model.leewaySeconds + 60);
      return { check: 'iat_window', code, explain: `iat is ${model.leewaySeconds + 60} s after the instant; ${v} allows ${model.leewaySeconds} s of leeway` };
    case 'exp':
      // No iat in the contract: nbf is the claim that says "not before".
      spec.claims.nbf = Math.floor(atMs / 1000) + model.toleranceSeconds + 60;
      return {
        check: 'nbf_window',
        code,
        explain: `nbf is ${model.toleranceSeconds + 60} s after the instant; a default tenant tolerates ${model.toleranceSeconds} s`,
      };
    case 'ms-window':
      shift(spec, vendor, atMs, 60);
      return { check: 'validity_window', code, explain: `not_before is 60000 ms after the instant; ${v} tolerates ${model.toleranceMs} ms` };
    case 'none':
      throw new Error(`${v} has no time claim to move`);
  }
}

const ENGINE_BREAKS: Readonly<Record<string, BreakDef>> = {
  expired: { doc: 'too old: iat (Deskpro and exp-only vendors: exp, Zoho: not_after) past the window, by 60 s', applies: hasTimeModel, apply: expired },
  future: {
    doc: 'not yet valid: iat (Zoho: not_before, exp-only vendors: nbf) 60 s beyond what the vendor allows ahead',
    applies: hasTimeModel,
    apply: future,
  },
  'bad-signature': {
    doc: 'signed with a different secret',
    applies: () => true,
    apply: (spec) => {
      spec.key = 'other';
      return { check: 'signature', code: 'signature_invalid', explain: 'signed with a secret other than --secret' };
    },
  },
  'alg-none': {
    doc: 'alg "none", no signature (JWT vendors)',
    applies: isJwt,
    apply: (spec) => {
      spec.header = { ...spec.header, alg: 'none' };
      return { check: 'alg', code: 'alg_not_allowed', explain: 'alg is "none" and the signature is empty; an unsigned token is never accepted' };
    },
  },
  hs512: {
    doc: 'HS512 with the right secret, where the vendor verifies HS256 only',
    applies: (v) => isJwt(v) && !v.contract.algorithms.includes('HS512'),
    apply: (spec, vendor) => {
      spec.header = { ...spec.header, alg: 'HS512' };
      return {
        check: 'alg',
        code: 'alg_not_allowed',
        explain: `signed with HS512 and the right secret; ${vendor.contract.vendor} accepts only ${vendor.contract.algorithms.join(', ')}`,
      };
    },
  },
  hs256: {
    doc: 'HS256 with the right secret, where the vendor verifies HS512 only',
    applies: (v) => isJwt(v) && !v.contract.algorithms.includes('HS256'),
    apply: (spec, vendor) => {
      spec.header = { ...spec.header, alg: 'HS256' };
      return {
        check: 'alg',
        code: 'alg_not_allowed',
        explain: `signed with HS256 and the right secret; ${vendor.contract.vendor} accepts only ${vendor.contract.algorithms.join(', ')}`,
      };
    },
  },
  'no-jti': {
    doc: 'without jti (HappyFox, Zendesk)',
    applies: (v) => requiresClaim(v, 'jti'),
    apply: (spec, vendor) => {
      delete spec.claims.jti;
      return { check: 'jti', code: 'claim_missing', explain: `no jti; ${vendor.contract.vendor} requires one per login` };
    },
  },
  'no-iat': {
    doc: 'without iat (HappyFox, Mojo, Zendesk)',
    applies: (v) => requiresClaim(v, 'iat'),
    apply: (spec, vendor) => {
      delete spec.claims.iat;
      return { check: 'iat', code: 'claim_missing', explain: `no iat; ${vendor.contract.vendor} requires it` };
    },
  },
  'no-email': {
    doc: 'without email',
    applies: (v) => requiresClaim(v, 'email'),
    apply: (spec, vendor) => {
      delete spec.claims.email;
      return { check: 'email', code: 'claim_missing', explain: `no email; ${vendor.contract.vendor} identifies the user by it` };
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
  replay: {
    doc: 'a valid token meant to be sent twice: the second use is refused (not Deskpro, which does not check)',
    applies: (v) => v.contract.replayKey !== 'none',
    apply: (_spec, vendor) => {
      const { replayKey, once } = vendor.contract;
      if (replayKey === 'once' && once) {
        const check = once.redeem[0].check;
        return {
          check,
          code: 'nonce_invalid',
          explain: `a valid credential meant to be sent twice: a receiver accepts the first use and refuses the second with nonce_invalid (its ${check} was redeemed); \`check\` alone accepts it, as it redeems nothing`,
        };
      }
      const by = replayKey === 'jti' ? 'its jti' : 'its signed content (no jti in the contract)';
      return {
        check: 'replay',
        code: 'token_replayed',
        explain: `a valid token meant to be sent twice: a receiver accepts the first use and refuses the second with token_replayed (known by ${by}); \`check\` alone accepts it, as it consumes nothing`,
      };
    },
  },
};

/** Every kind `--break` takes: the engine's, each vendor's own (a plug-in's too), and `replay` (a second use) last. */
export function breakKinds(): string[] {
  const vendorKinds = PROFILE_IDS.flatMap((id) => Object.keys((VENDORS[id] as Vendor).factory.breaks ?? {}));
  return [...new Set([...Object.keys(ENGINE_BREAKS).filter((kind) => kind !== 'replay'), ...vendorKinds, 'replay'])];
}

/** The break of `kind`, from the engine or the vendor that has it. */
function anyBreak(kind: string): BreakDef | undefined {
  return ENGINE_BREAKS[kind] ?? PROFILE_IDS.map((id) => (VENDORS[id] as Vendor).factory.breaks?.[kind]).find((def) => def !== undefined);
}

/** The break `kind` as it applies to `vendor`: a vendor's own break applies to that vendor only. */
function breakFor(kind: string, vendor: Vendor): BreakDef | undefined {
  const def = ENGINE_BREAKS[kind] ?? vendor.factory.breaks?.[kind];
  return def?.applies(vendor) ? def : undefined;
}

export const breakDoc = (kind: BreakKind): string => anyBreak(kind)?.doc ?? '';

/** The breaks that apply to a default tenant of `profile`, in breakKinds() order. */
export function breaksFor(profile: ProfileId): BreakKind[] {
  const vendor = VENDORS[profile] as Vendor;
  return breakKinds().filter((kind) => breakFor(kind, vendor) !== undefined);
}

/** `passing` (a passing token's spec, left untouched) broken by `kind`; throws when it does not apply. */
export function applyBreak(kind: BreakKind, profile: ProfileId, atMs: number, passing: TokenSpec): Broken {
  const vendor = VENDORS[profile] as Vendor;
  const def = breakFor(kind, vendor);
  if (!def) throw new Error(`--break ${kind} does not apply to ${profile}`);
  const spec = cloneSpec(passing);
  return { spec, ...def.apply(spec, vendor, atMs) };
}
