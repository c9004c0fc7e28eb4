/** The time claims' rules: NumericDates in seconds (iat, exp, nbf) and Zoho's milliseconds. */
import type { ClaimOptions, RuleOptions } from './claim-rules';
import { jsonType, wrongType } from './claim-shape';
import { HINTS } from './hints';
import { fail, pass, warn, type Check } from './verdict';

/** Past this a NumericDate is surely milliseconds: 1e11 seconds is the year 5138. */
export const MILLISECONDS_THRESHOLD = 1e11;

/** An instant for a message; NumericDates beyond what Date can show (±8.64e12 s) say so instead of throwing. */
export function isoSeconds(s: number): string {
  const date = new Date(s * 1000);
  return Number.isNaN(date.getTime()) ? 'beyond the representable dates' : date.toISOString().replace('.000Z', 'Z');
}

/** Milliseconds since the epoch (Zoho's not_before / not_after); a value in seconds says so. */
export function millis(name: string, value: unknown, opts: ClaimOptions): { check: Check; value?: number } {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    return {
      check: fail(
        name,
        'claim_invalid',
        `${name} is ${typeof value === 'number' ? `${value}, not a whole number` : `a ${jsonType(value)}`}; ${opts.vendor} expects milliseconds since the epoch`,
        {
          claim: name,
          reason: typeof value === 'number' ? 'not_integer' : 'wrong_type',
          actual: value,
          unit: 'ms',
        },
      ),
    };
  }
  if (value > 0 && value < MILLISECONDS_THRESHOLD) {
    return {
      check: fail(
        name,
        'claim_invalid',
        `${name} ${value} looks like seconds (as milliseconds it is ${isoSeconds(value / 1000)}); ${opts.vendor} expects milliseconds since the epoch`,
        {
          finding: 'time_in_seconds',
          hint: HINTS.epochMillis,
          claim: name,
          reason: 'seconds',
          actual: value,
          limit: MILLISECONDS_THRESHOLD,
          unit: 'ms',
        },
      ),
    };
  }
  return { check: pass(name, `${name} ${value} ms (${isoSeconds(Math.floor(value / 1000))})`, { claim: name, actual: value, unit: 'ms' }), value };
}

export function numericDate(name: string, value: unknown, opts: RuleOptions): { check: Check; value?: number } {
  const expects = `${opts.vendor} expects a JSON number of seconds since the epoch`;
  if (typeof value === 'string') {
    const numeric = /^\d+$/.test(value.trim());
    if (opts.strictTypes || !numeric) {
      return {
        check: fail(name, 'claim_invalid', `${name} is a string (${JSON.stringify(value.slice(0, 40))}); ${expects}`, {
          finding: 'time_as_string',
          hint: HINTS.epochSeconds,
          claim: name,
          reason: numeric ? 'numeric_string' : 'wrong_type',
          actual: value,
        }),
      };
    }
    return withNumber(name, Number(value.trim()), opts, `${name} was a numeric string; ${opts.accepted}`);
  }
  if (typeof value !== 'number') {
    return { check: fail(name, 'claim_invalid', `${name} is a ${jsonType(value)}; ${expects}`, wrongType(name, value)) };
  }
  return withNumber(name, value, opts, null);
}

function withNumber(name: string, n: number, opts: RuleOptions, note: string | null): { check: Check; value?: number } {
  if (!Number.isFinite(n)) return { check: fail(name, 'claim_invalid', `${name} is not a finite number`, { claim: name, reason: 'not_finite', unit: 's' }) };
  if (n >= MILLISECONDS_THRESHOLD) {
    return {
      check: fail(
        name,
        'claim_invalid',
        `${name} ${n} looks like milliseconds (as seconds it would be ${isoSeconds(Math.floor(n / 1000))}); ${opts.vendor} expects seconds`,
        {
          finding: 'time_in_milliseconds',
          hint: HINTS.epochSeconds,
          claim: name,
          reason: 'milliseconds',
          actual: n,
          limit: MILLISECONDS_THRESHOLD,
          unit: 's',
        },
      ),
    };
  }
  if (n <= -MILLISECONDS_THRESHOLD)
    return {
      check: fail(name, 'claim_invalid', `${name} ${n} is not a plausible time`, {
        claim: name,
        reason: 'implausible',
        actual: n,
        limit: -MILLISECONDS_THRESHOLD,
        unit: 's',
      }),
    };
  if (!Number.isInteger(n)) {
    const fraction = { finding: 'time_fractional', hint: HINTS.epochSeconds, claim: name, reason: 'fractional', actual: n, unit: 's' } as const;
    if (opts.strictTypes) {
      return {
        check: fail(
          name,
          'claim_invalid',
          `${name} ${n} is not a whole number of seconds (milliseconds divided by 1000 and not rounded down?); ${opts.vendor} expects an integer`,
          fraction,
        ),
      };
    }
    const floored = Math.floor(n);
    return { check: warn(name, `${name} ${n} was rounded down to ${floored}; ${opts.accepted}`, fraction), value: floored };
  }
  return {
    check: note
      ? warn(name, note, { finding: 'time_as_string', hint: HINTS.epochSeconds, claim: name, reason: 'numeric_string', actual: n, unit: 's' })
      : pass(name, `${name} ${n} (${isoSeconds(n)})`, { claim: name, actual: n, unit: 's' }),
    value: n,
  };
}
