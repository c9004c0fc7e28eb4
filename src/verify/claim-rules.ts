import type { ClaimRule } from '../vendors';
import { normaliseEmail } from './email';
import { jsonType, missing, wrongType } from './claim-shape';
import { millis, numericDate } from './claim-times';
import { fail, pass, warn, type Check } from './verdict';

export interface ClaimOptions {
  vendor: string;
  /** null: the rule's `lenient` decides, unless the tenant sets `strict`. */
  strictTypes: boolean | null;
  strict?: boolean;
  maxJtiLength: number;
}

/** The options one rule is applied with: strictTypes settled, and why a lenient reading is accepted. */
export interface RuleOptions extends ClaimOptions {
  strictTypes: boolean;
  /** The rule's `lenient` reason when it applies (the vendor's own clients send this). */
  lenient?: string;
  accepted: string;
}

/**
 * A claim that passed its rule, in the form later checks use (iat as a number, email normalised),
 * otherwise with its JSON type kept: a boolean stays a boolean, an array an array, an object an object.
 */
export type ClaimValue = number | string | boolean | string[] | Record<string, unknown>;

/** Applies one profile claim rule; returns the check and, when it holds, the usable value. */
export function checkClaim(rule: ClaimRule, claims: Record<string, unknown>, options: ClaimOptions): { check: Check; value?: ClaimValue } {
  const lenient = options.strictTypes === null && !options.strict ? rule.lenient : undefined;
  // Field by field: an object spread here cost ~3 µs a rule (V8's slow path), most of a login's claim checks.
  const opts: RuleOptions = {
    vendor: options.vendor,
    strict: options.strict,
    maxJtiLength: options.maxJtiLength,
    strictTypes: options.strictTypes ?? !lenient,
    lenient,
    accepted: lenient ? `accepted as ${options.vendor} does (${lenient}); strict: true refuses it` : 'accepted because strictTypes is off',
  };
  const value = claims[rule.name];
  if (value === undefined || value === null) {
    if (rule.presence === 'required') {
      return { check: fail(rule.name, 'claim_missing', `${rule.name} is missing; ${opts.vendor} requires it`, missing(rule.name)) };
    }
    const note = `${rule.name} is absent (optional for ${opts.vendor})`;
    return { check: rule.presence === 'warn' ? warn(rule.name, note, missing(rule.name)) : pass(rule.name, note, missing(rule.name)) };
  }
  switch (rule.kind) {
    case 'numeric_date':
      return numericDate(rule.name, value, opts);
    case 'jti':
      return jti(value, opts);
    case 'email':
      return email(rule.name, value);
    case 'string':
      return string(rule, value, opts);
    case 'boolean':
      return typeof value === 'boolean'
        ? { check: pass(rule.name, `${rule.name} is ${value}`, { claim: rule.name, actual: value }), value }
        : {
            check: fail(
              rule.name,
              'claim_invalid',
              `${rule.name} is a ${jsonType(value)} (${JSON.stringify(value).slice(0, 20)}); ${opts.vendor} expects a JSON boolean, true or false`,
              wrongType(rule.name, value),
            ),
          };
    case 'integer':
      return Number.isSafeInteger(value)
        ? { check: pass(rule.name, `${rule.name} is ${String(value)}`, { claim: rule.name, actual: value }), value: value as number }
        : {
            check: fail(
              rule.name,
              'claim_invalid',
              `${rule.name} is ${typeof value === 'number' ? `${value}, not a whole number` : `a ${jsonType(value)}`}; ${opts.vendor} expects an integer`,
              {
                claim: rule.name,
                reason: typeof value === 'number' ? 'not_integer' : 'wrong_type',
                actual: value,
              },
            ),
          };
    case 'millis':
      return millis(rule.name, value, opts);
    case 'id':
      if (typeof value === 'string' && value.trim() !== '')
        return { check: pass(rule.name, `${rule.name} is "${value.slice(0, 40)}"`, { claim: rule.name, actual: value }), value };
      if (Number.isSafeInteger(value))
        return { check: pass(rule.name, `${rule.name} is ${String(value)}`, { claim: rule.name, actual: value }), value: value as number };
      return {
        check: fail(
          rule.name,
          'claim_invalid',
          `${rule.name} is a ${jsonType(value)}; ${opts.vendor} expects a non-empty string or an integer`,
          wrongType(rule.name, value),
        ),
      };
    case 'string_array':
      return stringArray(rule.name, value, opts);
    case 'object':
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        return {
          check: pass(rule.name, `${rule.name} is an object of ${Object.keys(value).length} member(s)`, { claim: rule.name }),
          value: value as Record<string, unknown>,
        };
      }
      return {
        check: fail(
          rule.name,
          'claim_invalid',
          `${rule.name} is a ${jsonType(value)}; ${opts.vendor} expects a JSON object${typeof value === 'string' ? ' (a JSON-encoded string is not an object: put the object itself in the payload)' : ''}`,
          { ...wrongType(rule.name, value), reason: typeof value === 'string' ? 'json_string' : 'wrong_type' },
        ),
      };
  }
}

function string(rule: ClaimRule, value: unknown, opts: ClaimOptions): { check: Check; value?: string } {
  const claim = rule.name;
  if (typeof value !== 'string')
    return { check: fail(claim, 'claim_invalid', `${claim} is a ${jsonType(value)}; ${opts.vendor} expects a string`, wrongType(claim, value)) };
  if (rule.oneOf && !rule.oneOf.includes(value)) {
    return {
      check: fail(claim, 'claim_invalid', `${claim} "${value.slice(0, 40)}" is not one of ${rule.oneOf.join(', ')}`, {
        claim,
        reason: 'not_one_of',
        actual: value,
      }),
    };
  }
  return value.trim() === ''
    ? { check: warn(claim, `${claim} is empty; it is stored as absent`, { claim, reason: 'empty' }), value }
    : { check: pass(claim, `${claim} is a string`, { claim }), value };
}

/**
 * An array of strings (Zendesk `tags`). A comma-separated string works at the vendor and passes with
 * a warning; a string holding a JSON array is the documented failure shape and is refused.
 */
function stringArray(name: string, value: unknown, opts: ClaimOptions): { check: Check; value?: string[] } {
  if (Array.isArray(value)) {
    const bad = value.findIndex((v) => typeof v !== 'string');
    return bad < 0
      ? { check: pass(name, `${name} is an array of ${value.length} string(s)`, { claim: name, actual: value.length }), value: value as string[] }
      : { check: fail(name, 'claim_invalid', `${name}[${bad}] is a ${jsonType(value[bad])}; ${opts.vendor} expects strings`, wrongType(name, value)) };
  }
  if (typeof value === 'string') {
    if (value.trimStart().startsWith('[')) {
      return {
        check: fail(
          name,
          'claim_invalid',
          `${name} is a string holding JSON (${JSON.stringify(value.slice(0, 30))}); ${opts.vendor} refuses that: send a real JSON array`,
          { claim: name, reason: 'json_string', actual: value },
        ),
      };
    }
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return {
      check: warn(name, `${name} is a comma-separated string; read as ${items.length} item(s) (an array is the documented form)`, {
        claim: name,
        reason: 'comma_separated',
        actual: items.length,
      }),
      value: items,
    };
  }
  return { check: fail(name, 'claim_invalid', `${name} is a ${jsonType(value)}; ${opts.vendor} expects an array of strings`, wrongType(name, value)) };
}

function jti(value: unknown, opts: RuleOptions): { check: Check; value?: string | number } {
  const claim = 'jti';
  if (typeof value === 'number') {
    // Kept a number: its replay key is its JSON text (jti:7), the same key as the string "7".
    if (Number.isSafeInteger(value) && value >= 0) return { check: pass(claim, `jti is the number ${value}`, { claim, actual: value }), value };
    // Kept by its JSON text, which is what a receiver that reads it as a string compares.
    if (opts.lenient && Number.isFinite(value)) {
      return {
        check: warn(claim, `jti ${value} is not a whole number; ${opts.accepted}; a receiver reading it as a float may round two ids into one`, {
          claim,
          reason: 'fractional',
          actual: value,
        }),
        value,
      };
    }
    return {
      check: fail(claim, 'claim_invalid', `jti ${value} is not a whole number JavaScript can hold exactly (up to 2^53); send large or odd ids as strings`, {
        claim,
        reason: 'not_integer',
        actual: value,
      }),
    };
  }
  if (typeof value !== 'string') {
    return { check: fail(claim, 'claim_invalid', `jti is a ${jsonType(value)}; expected a string (or a number)`, wrongType(claim, value)) };
  }
  if (value.trim().length === 0)
    return {
      check: fail(claim, 'claim_invalid', 'jti is empty or white space; it must identify this token', {
        claim,
        reason: 'empty',
        actual: value.length,
        unit: 'characters',
      }),
    };
  if (value.length > opts.maxJtiLength) {
    return {
      check: fail(claim, 'claim_invalid', `jti is ${value.length} characters; at most ${opts.maxJtiLength} are accepted`, {
        claim,
        reason: 'too_long',
        actual: value.length,
        limit: opts.maxJtiLength,
        unit: 'characters',
      }),
    };
  }
  return {
    check: pass(claim, `jti is a ${value.length}-character string`, { claim, actual: value.length, limit: opts.maxJtiLength, unit: 'characters' }),
    value,
  };
}

function email(name: string, value: unknown): { check: Check; value?: string } {
  if (typeof value !== 'string') {
    return { check: fail(name, 'claim_invalid', `${name} is a ${jsonType(value)}; expected an email address string`, wrongType(name, value)) };
  }
  const result = normaliseEmail(value);
  if ('problem' in result) return { check: fail(name, 'claim_invalid', `${name} ${result.problem}`, { claim: name, reason: 'malformed' }) };
  return { check: pass(name, `${name} identifies the user as ${result.email}`, { claim: name, actual: result.email }), value: result.email };
}
