import type { ClaimRule } from '../profiles';
import { normaliseEmail } from './email';
import { fail, pass, warn, type Check } from './verdict';

export interface ClaimOptions {
  vendor: string;
  strictTypes: boolean;
  maxJtiLength: number;
}

/** A claim that passed its rule, in the form later checks use (iat as a number, email normalised). */
export type ClaimValue = number | string;

/** Past this a NumericDate is surely milliseconds: 1e11 seconds is the year 5138. */
export const MILLISECONDS_THRESHOLD = 1e11;

/** An instant for a message; NumericDates beyond what Date can show (±8.64e12 s) say so instead of throwing. */
export function isoSeconds(s: number): string {
  const date = new Date(s * 1000);
  return Number.isNaN(date.getTime()) ? 'beyond the representable dates' : date.toISOString().replace('.000Z', 'Z');
}

/** Applies one profile claim rule; returns the check and, when it holds, the usable value. */
export function checkClaim(rule: ClaimRule, claims: Record<string, unknown>, opts: ClaimOptions): { check: Check; value?: ClaimValue } {
  const value = claims[rule.name];
  if (value === undefined || value === null) {
    if (rule.presence === 'required') {
      return { check: fail(rule.name, 'claim_missing', `${rule.name} is missing; ${opts.vendor} requires it`) };
    }
    const note = `${rule.name} is absent (optional for ${opts.vendor})`;
    return { check: rule.presence === 'warn' ? warn(rule.name, note) : pass(rule.name, note) };
  }
  switch (rule.kind) {
    case 'numeric_date':
      return numericDate(rule.name, value, opts);
    case 'jti':
      return jti(value, opts);
    case 'email':
      return email(rule.name, value);
    case 'string':
      if (typeof value !== 'string') return { check: fail(rule.name, 'claim_invalid', `${rule.name} is a ${jsonType(value)}; ${opts.vendor} expects a string`) };
      return value.trim() === '' ? { check: warn(rule.name, `${rule.name} is empty; it is stored as absent`), value } : { check: pass(rule.name, `${rule.name} is a string`), value };
  }
}

function numericDate(name: string, value: unknown, opts: ClaimOptions): { check: Check; value?: number } {
  const expects = `${opts.vendor} expects a JSON number of seconds since the epoch`;
  if (typeof value === 'string') {
    const numeric = /^\d+$/.test(value.trim());
    if (opts.strictTypes || !numeric) {
      return { check: fail(name, 'claim_invalid', `${name} is a string (${JSON.stringify(value.slice(0, 40))}); ${expects}`) };
    }
    return withNumber(name, Number(value.trim()), opts, `${name} was a numeric string; accepted because strictTypes is off`);
  }
  if (typeof value !== 'number') {
    return { check: fail(name, 'claim_invalid', `${name} is a ${jsonType(value)}; ${expects}`) };
  }
  return withNumber(name, value, opts, null);
}

function withNumber(name: string, n: number, opts: ClaimOptions, note: string | null): { check: Check; value?: number } {
  if (!Number.isFinite(n)) return { check: fail(name, 'claim_invalid', `${name} is not a finite number`) };
  if (n >= MILLISECONDS_THRESHOLD) {
    return {
      check: fail(name, 'claim_invalid', `${name} ${n} looks like milliseconds (as seconds it would be ${isoSeconds(Math.floor(n / 1000))}); ${opts.vendor} expects seconds: use Math.floor(Date.now() / 1000)`),
    };
  }
  if (n <= -MILLISECONDS_THRESHOLD) return { check: fail(name, 'claim_invalid', `${name} ${n} is not a plausible time`) };
  if (!Number.isInteger(n)) {
    if (opts.strictTypes) {
      return { check: fail(name, 'claim_invalid', `${name} ${n} is not a whole number of seconds (Date.now() / 1000 without Math.floor?); ${opts.vendor} expects an integer`) };
    }
    const floored = Math.floor(n);
    return { check: warn(name, `${name} ${n} was rounded down to ${floored}; accepted because strictTypes is off`), value: floored };
  }
  return { check: note ? warn(name, note) : pass(name, `${name} ${n} (${isoSeconds(n)})`), value: n };
}

function jti(value: unknown, opts: ClaimOptions): { check: Check; value?: string } {
  if (typeof value === 'number') {
    // A number is the same jti as its digits in a string: 7 and "7" are one key.
    return Number.isSafeInteger(value) && value >= 0
      ? { check: pass('jti', `jti is the number ${value}`), value: String(value) }
      : { check: fail('jti', 'claim_invalid', `jti ${value} is not a whole number JavaScript can hold exactly (up to 2^53); send large or odd ids as strings`) };
  }
  if (typeof value !== 'string') {
    return { check: fail('jti', 'claim_invalid', `jti is a ${jsonType(value)}; expected a string (or a number)`) };
  }
  if (value.trim().length === 0) return { check: fail('jti', 'claim_invalid', 'jti is empty or white space; it must identify this token') };
  if (value.length > opts.maxJtiLength) {
    return { check: fail('jti', 'claim_invalid', `jti is ${value.length} characters; at most ${opts.maxJtiLength} are accepted`) };
  }
  return { check: pass('jti', `jti is a ${value.length}-character string`), value };
}

function email(name: string, value: unknown): { check: Check; value?: string } {
  if (typeof value !== 'string') {
    return { check: fail(name, 'claim_invalid', `${name} is a ${jsonType(value)}; expected an email address string`) };
  }
  const result = normaliseEmail(value);
  if ('problem' in result) return { check: fail(name, 'claim_invalid', `${name} ${result.problem}`) };
  return { check: pass(name, `${name} identifies the user as ${result.email}`), value: result.email };
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}
