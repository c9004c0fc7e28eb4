import { jsonType } from './claim-shape';
import { MILLISECONDS_THRESHOLD } from './claim-times';
import type { Profile } from './contract';
import { HINTS } from './hints';
import { fail, pass, warn, type Check } from './verdict';

export interface WindowRules {
  vendor: string;
  maxIatAgeSeconds: number;
  futureToleranceSeconds: number;
}

/** `iat` at most maxIatAgeSeconds old, and no further in the future than the tolerance. */
export function checkIatWindow(iat: number, nowSeconds: number, rules: WindowRules): Check {
  const age = nowSeconds - iat;
  const limit = `${rules.vendor} accepts ${rules.maxIatAgeSeconds} s`;
  const old = { claim: 'iat', actual: age, limit: rules.maxIatAgeSeconds, unit: 's' } as const;
  if (age > rules.maxIatAgeSeconds) {
    return fail(
      'iat_window',
      'token_expired',
      `iat is ${age} s old; ${limit} (${age - rules.maxIatAgeSeconds} s too late: mint the token just before the redirect, and check the IdP's clock)`,
      { ...old, reason: 'too_old' },
    );
  }
  if (age < 0) {
    const ahead = -age;
    const future = { claim: 'iat', reason: 'in_future', actual: ahead, limit: rules.futureToleranceSeconds, unit: 's' } as const;
    if (ahead > rules.futureToleranceSeconds) {
      return fail(
        'iat_window',
        'token_not_yet_valid',
        `iat is ${ahead} s in the future; the tenant tolerates ${rules.futureToleranceSeconds} s (the IdP's clock is fast: run NTP)`,
        future,
      );
    }
    return warn('iat_window', `iat is ${ahead} s in the future, inside the tolerated ${rules.futureToleranceSeconds} s; the IdP's clock is ahead`, future);
  }
  return pass('iat_window', `iat is ${age} s old; ${limit}`, old);
}

/**
 * `exp` and `nbf` are not part of these vendors' contracts, but a JWT library on the vendor's side
 * honours them when present (RFC 7519 §4.1.4, §4.1.5), so the receiver does too.
 */
export function checkRegisteredTimes(claims: Record<string, unknown>, nowSeconds: number, toleranceSeconds: number): Check[] {
  const checks: Check[] = [];
  for (const name of ['exp', 'nbf'] as const) {
    const value = claims[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      const diagnosis = typeof value === 'string' ? ({ finding: 'time_as_string', hint: HINTS.epochSeconds } as const) : undefined;
      checks.push(
        fail(name, 'claim_invalid', `${name} is a ${jsonType(value)}; it must be a number of seconds since the epoch`, {
          ...diagnosis,
          claim: name,
          reason: 'wrong_type',
          actual: value,
        }),
      );
    } else if (Math.abs(value) >= MILLISECONDS_THRESHOLD) {
      checks.push(
        fail(name, 'claim_invalid', `${name} ${value} looks like milliseconds; it must be seconds since the epoch`, {
          finding: 'time_in_milliseconds',
          hint: HINTS.epochSeconds,
          claim: name,
          reason: 'milliseconds',
          actual: value,
          limit: MILLISECONDS_THRESHOLD,
          unit: 's',
        }),
      );
    } else if (name === 'exp') {
      const left = value - nowSeconds;
      const expired = { claim: name, reason: 'expired', actual: -left, limit: toleranceSeconds, unit: 's' } as const;
      if (left + toleranceSeconds <= 0) checks.push(fail(name, 'token_expired', `exp passed ${-left} s ago (tolerance ${toleranceSeconds} s)`, expired));
      else if (left <= 0) checks.push(warn(name, `exp passed ${-left} s ago, inside the tolerated ${toleranceSeconds} s`, expired));
      else checks.push(pass(name, `exp is ${left} s away`, { claim: name, actual: left, unit: 's' }));
    } else {
      const ahead = value - nowSeconds;
      const early = { claim: name, reason: 'not_yet_valid', actual: ahead, limit: toleranceSeconds, unit: 's' } as const;
      if (ahead > toleranceSeconds) checks.push(fail(name, 'token_not_yet_valid', `nbf is ${ahead} s in the future (tolerance ${toleranceSeconds} s)`, early));
      else if (ahead > 0) checks.push(warn(name, `nbf is ${ahead} s in the future, inside the tolerated ${toleranceSeconds} s`, early));
      else checks.push(pass(name, `nbf is ${-ahead} s past`, { claim: name, actual: -ahead, unit: 's' }));
    }
  }
  return checks;
}

/** `exp` and `nbf`, honoured when present, with the tenant's tolerance in numbers. */
export function registeredTimesText(toleranceSeconds: number): string {
  return `exp and nbf when present (${toleranceSeconds} s tolerance)`;
}

/** The HappyFox / Mojo window of a tenant, in numbers: what `iatMaxAgeWindow` applies. */
export function iatMaxAgeWindowText(defaultMaxAgeSeconds: number): Profile['window'] {
  return (options) => {
    const maxAge = options.maxIatAgeSeconds ?? defaultMaxAgeSeconds;
    const tolerance = options.futureIatToleranceSeconds;
    return `iat at most ${maxAge} s old, at most ${tolerance} s in the future; ${registeredTimesText(tolerance)}`;
  };
}

/**
 * The HappyFox / Mojo window: `iat` at most `maxAgeSeconds` old (the tenant may override it), a
 * future `iat` within the tolerance, and `exp` / `nbf` when present.
 */
export function iatMaxAgeWindow(defaultMaxAgeSeconds: number): Profile['checkTimes'] {
  return ({ vendor, claims, values, nowMs, options }) => {
    const nowSeconds = Math.floor(nowMs / 1000);
    const maxIatAgeSeconds = options.maxIatAgeSeconds ?? defaultMaxAgeSeconds;
    const checks: Check[] = [];
    const iat = values.get('iat');
    if (typeof iat === 'number') {
      checks.push(checkIatWindow(iat, nowSeconds, { vendor, maxIatAgeSeconds, futureToleranceSeconds: options.futureIatToleranceSeconds }));
    }
    checks.push(...checkRegisteredTimes(claims, nowSeconds, options.futureIatToleranceSeconds));
    return { checks, acceptableUntilMs: typeof iat === 'number' ? (iat + maxIatAgeSeconds) * 1000 : null };
  };
}

/**
 * The window of a vendor bounded by `exp` alone (no iat rule): `exp` and `nbf` as a JWT library
 * honours them, with the tenant's tolerance, named `exp_window` / `nbf_window` so they stand apart
 * from a claim rule of the same name. Without exp the token is accepted at any age; a vendor that
 * requires exp says so with a claim rule.
 */
export const expWindow: Profile['checkTimes'] = ({ claims, nowMs, options }) => {
  const tolerance = options.futureIatToleranceSeconds;
  const checks = checkRegisteredTimes(claims, Math.floor(nowMs / 1000), tolerance).map((c) => ({ ...c, name: `${c.name}_window` }));
  if (claims.exp === undefined) checks.push(pass('exp_window', 'no exp: accepted at any age', { claim: 'exp', reason: 'missing' }));
  const exp = claims.exp;
  return { checks, acceptableUntilMs: typeof exp === 'number' && Number.isFinite(exp) ? (exp + tolerance) * 1000 : null };
};

/** `expWindow` of a tenant, in numbers. */
export const expWindowText: Profile['window'] = (options) => `exp (and nbf) when present, ${options.futureIatToleranceSeconds} s tolerance; no iat rule`;
