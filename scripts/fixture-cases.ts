import type { ErrorCode } from '../src/errors';
import { applyBreak, breaksFor } from '../src/mint/breaks';
import { TENANT_OPTION_DEFAULTS } from '../src/config/defaults';
import { passingSpec, timeModelOf } from '../src/mint/claims';
import type { Subject } from '../src/mint/factory';
import { cloneSpec, editClaims, type FixtureCase } from '../src/mint/fixture-case';
import { PROFILES, VENDORS, type ClaimRule, type ProfileId, type Vendor } from '../src/vendors';
import { claimPath, claimSource } from '../src/verify/contract';

/**
 * The golden cases of one profile: for each check a default tenant runs, tokens that pass it (at
 * its edge where it has one) and tokens that fail it. Claim cases come from the profile's claim
 * rules, the broken ones from src/mint/breaks.ts (what `mint --break` makes), the window edges
 * from its time model. Not here: `whitelist` (off on a default tenant) and `replay` (it needs a
 * second use at a running receiver: `mint --break replay`).
 */
/** Checks that add nothing to the verdict when they hold (Zoho's email_verified_true). */
export const SILENT_WHEN_PASSING: ReadonlySet<string> = new Set(['email_verified_true']);

const EXTENSION = 'https://example.com/jws-extension';

/** Who every golden token logs in. */
export const GOLDEN_SUBJECT: Subject = { email: 'jane.doe@example.com', name: 'Jane Doe' };

const clone = cloneSpec;
const same = cloneSpec;
const claims = editClaims;

/** The claim a rule reads (nested under `rule.in` when it says so). */
function readClaim(c: Record<string, unknown>, rule: ClaimRule): unknown {
  return claimSource(rule, c)[claimPath(rule)];
}

/** Sets (undefined: removes) the claim a rule reads; a nested object is copied, never shared with the passing spec. */
function writeClaim(c: Record<string, unknown>, rule: ClaimRule, value: unknown): void {
  const target = rule.in ? { ...(c[rule.in] as Record<string, unknown> | undefined) } : c;
  if (value === undefined) delete target[rule.name];
  else target[rule.name] = value;
  if (rule.in) c[rule.in] = target;
}

/** A valid value of a claim the passing token does not carry, by kind. */
function sample(rule: ClaimRule, iat: number, atMs: number): unknown {
  switch (rule.kind) {
    case 'numeric_date':
      return rule.name === 'exp' ? iat + 300 : iat;
    case 'millis':
      return atMs;
    case 'string':
      return (
        rule.oneOf?.[0] ??
        ({ first_name: 'Jane', last_name: 'Doe', name: 'Jane Doe', external_id: 'ext-42', phone: '+15555550100' } as Record<string, string>)[rule.name] ??
        `sample ${rule.name}`
      );
    case 'integer':
      return 42;
    case 'boolean':
      return true;
    case 'string_array':
      return ['vip'];
    case 'object':
      return { plan: 'gold' };
    case 'id':
      return 'u-42';
    case 'jti':
      return 'golden-jti';
    case 'email':
      return 'jane.doe@example.com';
  }
}

/** A wrong value of the claim's kind: [variant, value, what is wrong]. */
function wrong(rule: ClaimRule, iat: number, atMs: number): [string, unknown, string] {
  switch (rule.kind) {
    case 'numeric_date':
      // Where the vendor reads a fraction as whole seconds (rule.lenient), a time of day is still refused.
      return rule.lenient
        ? ['time-of-day', '12:00:00 AM', "a time of day, not seconds since the epoch (Zendesk's first C# sample)"]
        : ['fraction', iat + 0.5, 'a fraction of a second (Date.now() / 1000 without Math.floor)'];
    case 'millis':
      return ['fraction', atMs + 0.5, 'a fraction of a millisecond'];
    case 'string':
      return rule.oneOf ? ['not-allowed', 'owner', `"owner", not one of ${rule.oneOf.join(', ')}`] : ['number', 42, 'a number, not a string'];
    case 'integer':
      return ['string', '42', 'the string "42", not a number'];
    case 'boolean':
      return ['string', 'true', 'the string "true", not a JSON boolean'];
    case 'string_array':
      return ['json-string', '["vip"]', 'a string holding a JSON array, not an array'];
    case 'object':
      return ['json-string', '{"plan":"gold"}', 'a string holding a JSON object, not an object'];
    case 'id':
      return ['boolean', true, 'a boolean, not a string or an integer'];
    case 'jti':
      return ['empty', '', 'an empty string'];
    case 'email':
      return ['invalid', 'jane.doe.example.com', 'not an email address (no @)'];
  }
}

/** Every case of `profile` at `atMs`. */
export function fixtureCases(profile: ProfileId, atMs: number): FixtureCase[] {
  const { vendor } = PROFILES[profile];
  const iat = Math.floor(atMs / 1000);
  const out: FixtureCase[] = [];
  const add = (check: string, variant: string, status: FixtureCase['status'], code: ErrorCode | null, description: string, build: FixtureCase['build']) =>
    out.push({ name: `${check}.${variant}`, check, status, code, description, build });
  const ok = (check: string, variant: string, description: string, build: FixtureCase['build'] = same) => add(check, variant, 'pass', null, description, build);
  const warns = (check: string, variant: string, description: string, build: FixtureCase['build']) => add(check, variant, 'warn', null, description, build);
  const fails = (check: string, variant: string, code: ErrorCode, description: string, build: FixtureCase['build']) =>
    add(check, variant, 'fail', code, description, build);

  // A JWT's format and header; a vendor with a credential of its own adds its format cases (fixtureCases).
  if (!PROFILES[profile].credential) {
    ok('format', 'pass', 'a compact JWS: three base64url parts');
    fails('format', 'fail-two-parts', 'token_malformed', 'the signature part is cut off: two parts', (p) => ({
      ...clone(p),
      mangle: (t) => t.split('.').slice(0, 2).join('.'),
    }));
    ok('alg', 'pass', `${String(passingSpec(profile, atMs, GOLDEN_SUBJECT, 'probe').header.alg)}, the algorithm the vendor uses`);
    ok('header', 'pass', 'header {alg, typ} only');
    // A vendor that picks its key by kid has its own cases for it (key_id).
    if (!PROFILES[profile].keySelector)
      warns('header', 'warn-kid', 'a kid header parameter: ignored with a warning, the key is always the tenant secret', (p) => ({
        ...clone(p),
        header: { ...p.header, kid: 'key-1' },
      }));
    fails('header', 'fail-crit', 'header_unsupported', 'a crit extension the vendor does not understand', (p) => ({
      ...clone(p),
      header: { ...p.header, crit: [EXTENSION], [EXTENSION]: true },
    }));
    ok('signature', 'pass', 'HMAC-SHA256 with the tenant secret');
  }

  // Every break of `mint --break` that applies, named after the check that refuses it.
  for (const kind of breaksFor(profile)) {
    if (kind === 'replay') continue;
    const probe = applyBreak(kind, profile, atMs, passingSpec(profile, atMs, GOLDEN_SUBJECT, 'probe'));
    fails(probe.check, `fail-${kind}`, probe.code, `mint --break ${kind}: ${probe.explain}`, (p) => applyBreak(kind, profile, atMs, p).spec);
  }

  const covered = new Set(breaksFor(profile));
  for (const rule of PROFILES[profile].claims) {
    // An optional text field of a credential of the vendor's own cannot be wrong (no JSON types): no cases.
    if (PROFILES[profile].credential && rule.presence !== 'required') continue;
    const name = claimPath(rule);
    const value = sample(rule, iat, atMs);
    ok(
      name,
      'pass',
      `${name} present and valid (${rule.kind})`,
      claims((c) => void (readClaim(c, rule) ?? writeClaim(c, rule, value))),
    );
    if (rule.presence === 'required') {
      if (rule.in || !covered.has(`no-${rule.name}` as never))
        fails(
          name,
          'fail-missing',
          'claim_missing',
          `no ${name}; ${vendor} requires it`,
          claims((c) => writeClaim(c, rule, undefined)),
        );
    } else if (rule.presence === 'warn') {
      warns(
        name,
        'warn-missing',
        `no ${name}: accepted with a warning`,
        claims((c) => writeClaim(c, rule, undefined)),
      );
    } else {
      ok(
        name,
        'pass-absent',
        `no ${name}: optional for ${vendor}`,
        claims((c) => writeClaim(c, rule, undefined)),
      );
    }
    // In a credential of the vendor's own every field arrives as text: a JSON type cannot be wrong (the vendor adds its own cases).
    if (PROFILES[profile].credential && rule.kind !== 'email') continue;
    const [variant, bad, what] = wrong(rule, iat, atMs);
    fails(
      name,
      `fail-${variant}`,
      'claim_invalid',
      `${name} is ${what}`,
      claims((c) => writeClaim(c, rule, bad)),
    );
  }

  out.push(...timeCases(profile, atMs));
  out.push(...((VENDORS[profile] as Vendor).fixtureCases?.(atMs) ?? []));
  return out;
}

/** The window's edges: the last instant accepted and the first refused, on each side. */
function timeCases(profile: ProfileId, atMs: number): FixtureCase[] {
  const model = timeModelOf(profile);
  const now = Math.floor(atMs / 1000);
  const out: FixtureCase[] = [];
  const add = (
    check: string,
    variant: string,
    status: FixtureCase['status'],
    code: ErrorCode | null,
    description: string,
    edit: (c: Record<string, unknown>) => void,
  ) => out.push({ name: `${check}.${variant}`, check, status, code, description, build: claims(edit) });
  if (model.kind === 'none') return out;
  // The claim a skew bounds: iat, or the vendor's own (Freshdesk simple SSO's timestamp).
  const claim = model.kind === 'iat-skew' ? (model.claim ?? 'iat') : 'iat';
  const at = (offset: number) => (c: Record<string, unknown>) => {
    c[claim] = now + offset;
    if (model.kind === 'leeway') c.exp = now + offset + model.lifetimeSeconds;
  };
  const ago = (s: number) => (s >= 0 ? `${s} s before the instant` : `${-s} s after the instant`);

  if (model.kind === 'iat-age' || model.kind === 'iat-skew') {
    const back = model.kind === 'iat-age' ? model.maxAgeSeconds : model.skewSeconds;
    const ahead = model.kind === 'iat-age' ? model.toleranceSeconds : model.skewSeconds;
    const check = `${claim}_window`;
    add(check, 'pass', 'pass', null, `${claim} is the instant`, at(0));
    add(check, 'pass-oldest', 'pass', null, `${claim} ${ago(back)}: the oldest accepted`, at(-back));
    add(check, 'fail-expired-by-1s', 'fail', 'token_expired', `${claim} ${ago(back + 1)}: one second too old`, at(-back - 1));
    add(check, 'warn-future', 'warn', null, `${claim} ${ago(-ahead)}: the furthest ahead accepted, with a warning`, at(ahead));
    add(check, 'fail-future-by-1s', 'fail', 'token_not_yet_valid', `${claim} ${ago(-ahead - 1)}: one second too far ahead`, at(ahead + 1));
    // exp and nbf are outside these vendors' contracts, but honoured when present (in a JWT; a credential of the vendor's own has none).
    if (PROFILES[profile].credential) return out;
    const tol = TENANT_OPTION_DEFAULTS.futureIatToleranceSeconds.value;
    add('exp', 'pass', 'pass', null, 'exp 300 s after the instant', (c) => void (c.exp = now + 300));
    add('exp', 'warn', 'warn', null, `exp ${tol - 1} s before the instant, inside the ${tol} s tolerance`, (c) => void (c.exp = now - tol + 1));
    add('exp', 'fail', 'fail', 'token_expired', `exp ${tol} s before the instant: past the ${tol} s tolerance`, (c) => void (c.exp = now - tol));
    add('exp', 'fail-ms', 'fail', 'claim_invalid', 'exp in milliseconds', (c) => void (c.exp = (now + 300) * 1000));
    add('nbf', 'pass', 'pass', null, 'nbf is the instant', (c) => void (c.nbf = now));
    add('nbf', 'warn', 'warn', null, `nbf ${tol} s after the instant, inside the tolerance`, (c) => void (c.nbf = now + tol));
    add('nbf', 'fail', 'fail', 'token_not_yet_valid', `nbf ${tol + 1} s after the instant`, (c) => void (c.nbf = now + tol + 1));
  } else if (model.kind === 'exp') {
    const tol = model.toleranceSeconds;
    const life = model.lifetimeSeconds ?? 300;
    add('exp_window', 'pass', 'pass', null, `exp ${life} s after the instant`, (c) => void (c.exp = now + life));
    if (model.lifetimeSeconds === null) add('exp_window', 'pass-absent', 'pass', null, 'no exp: accepted at any age', (c) => void delete c.exp);
    add('exp_window', 'warn', 'warn', null, `exp ${tol - 1} s before the instant, inside the ${tol} s tolerance`, (c) => void (c.exp = now - tol + 1));
    add('exp_window', 'fail-by-1s', 'fail', 'token_expired', `exp ${tol} s before the instant: past the ${tol} s tolerance`, (c) => void (c.exp = now - tol));
    // A vendor with an exp claim rule refuses milliseconds there, before the window.
    const expRule = PROFILES[profile].claims.some((r) => r.name === 'exp' && !r.in) ? 'exp' : 'exp_window';
    add(expRule, 'fail-ms', 'fail', 'claim_invalid', 'exp in milliseconds', (c) => void (c.exp = (now + life) * 1000));
    add('nbf_window', 'pass', 'pass', null, 'nbf is the instant', (c) => void (c.nbf = now));
    add('nbf_window', 'warn', 'warn', null, `nbf ${tol} s after the instant, inside the tolerance`, (c) => void (c.nbf = now + tol));
    add('nbf_window', 'fail-by-1s', 'fail', 'token_not_yet_valid', `nbf ${tol + 1} s after the instant`, (c) => void (c.nbf = now + tol + 1));
  } else if (model.kind === 'leeway') {
    const l = model.leewaySeconds;
    add('iat_window', 'pass', 'pass', null, 'iat is the instant (exp = iat + 300)', at(0));
    if (model.maxLifetimeSeconds === undefined) {
      add('iat_window', 'pass-old', 'pass', null, 'iat a year before the instant, exp still ahead: no maximum age', (c) =>
        Object.assign(c, { iat: now - 365 * 86400, exp: now + 300 }),
      );
    } else {
      const max = model.maxLifetimeSeconds;
      add('lifetime', 'pass-longest', 'pass', null, `exp - iat = ${max} s: the longest accepted`, (c) =>
        Object.assign(c, { iat: now - 60, exp: now - 60 + max }),
      );
      add('lifetime', 'fail-by-1s', 'fail', 'claim_invalid', `exp - iat = ${max + 1} s`, (c) => Object.assign(c, { iat: now - 60, exp: now - 60 + max + 1 }));
    }
    add('iat_window', 'warn-future', 'warn', null, `iat ${ago(-l)}: inside the ${l} s leeway, with a warning`, at(l));
    add('iat_window', 'fail-future-by-1s', 'fail', 'token_not_yet_valid', `iat ${ago(-l - 1)}: one second past the leeway`, at(l + 1));
    add('exp_window', 'pass', 'pass', null, 'exp 300 s after the instant', at(0));
    if (model.maxLifetimeSeconds === undefined) add('exp_window', 'pass-absent', 'pass', null, 'no exp: accepted at any age', (c) => void delete c.exp);
    add('exp_window', 'warn', 'warn', null, `exp ${ago(l - 1)}: the last second inside the leeway`, (c) =>
      Object.assign(c, { iat: now - l - 300, exp: now - l + 1 }),
    );
    add('exp_window', 'fail-by-1s', 'fail', 'token_expired', `exp ${ago(l)}: refused when now - ${l} >= exp`, (c) =>
      Object.assign(c, { iat: now - l - 300, exp: now - l }),
    );
    add('nbf_window', 'pass', 'pass', null, 'nbf is the instant', (c) => void (c.nbf = now));
    add('nbf_window', 'warn', 'warn', null, `nbf ${ago(-l)}: inside the leeway`, (c) => void (c.nbf = now + l));
    add('nbf_window', 'fail', 'fail', 'token_not_yet_valid', `nbf ${ago(-l - 1)}: one second past the leeway`, (c) => void (c.nbf = now + l + 1));
  } else {
    const t = model.toleranceMs;
    const win = (start: number, end: number) => (c: Record<string, unknown>) => Object.assign(c, { not_before: start, not_after: end });
    add('validity_span', 'pass', 'pass', null, `not_after - not_before = ${model.spanMs} ms`, win(atMs, atMs + model.spanMs));
    add(
      'validity_span',
      'pass-longest',
      'pass',
      null,
      `not_after - not_before = ${model.maxSpanMs} ms: the longest accepted`,
      win(atMs, atMs + model.maxSpanMs),
    );
    add('validity_span', 'fail-by-1ms', 'fail', 'claim_invalid', `not_after - not_before = ${model.maxSpanMs + 1} ms`, win(atMs, atMs + model.maxSpanMs + 1));
    add('validity_span', 'fail-empty', 'fail', 'claim_invalid', 'not_after equals not_before', win(atMs, atMs));
    add('validity_span', 'warn-short', 'warn', null, 'a 500 ms window (seconds meant?): accepted with a warning', win(atMs - 250, atMs + 250));
    add('validity_window', 'pass', 'pass', null, 'the instant is inside [not_before, not_after]', win(atMs, atMs + model.spanMs));
    add('validity_window', 'warn-expired', 'warn', null, `not_after ${t} ms before the instant: inside the tolerance`, win(atMs - t - model.spanMs, atMs - t));
    add(
      'validity_window',
      'fail-expired-by-1ms',
      'fail',
      'token_expired',
      `not_after ${t + 1} ms before the instant`,
      win(atMs - t - 1 - model.spanMs, atMs - t - 1),
    );
    add('validity_window', 'warn-future', 'warn', null, `not_before ${t} ms after the instant: inside the tolerance`, win(atMs + t, atMs + t + model.spanMs));
    add(
      'validity_window',
      'fail-future-by-1ms',
      'fail',
      'token_not_yet_valid',
      `not_before ${t + 1} ms after the instant`,
      win(atMs + t + 1, atMs + t + 1 + model.spanMs),
    );
  }
  return out;
}
