/**
 * The checks of a verdict as tests read them: by name and by the structured fields (code, reason,
 * claim, actual, limit, unit), never by the sentence.
 */
import type { Check } from '../../src/verify/verdict';

/** A check as the JSON answers and the attempts carry it: the verdict's Check type, read from parsed JSON. */
export type CheckRecord = Check & { [field: string]: unknown };

function checksOf(source: { checks?: unknown } | readonly unknown[]): CheckRecord[] | undefined {
  return (Array.isArray(source) ? source : (source as { checks?: unknown }).checks) as CheckRecord[] | undefined;
}

/** The first failing check of a JSON refusal, or of an attempt's checks; throws when none failed. */
export function failedCheck(source: { checks?: unknown } | readonly unknown[]): CheckRecord {
  const checks = checksOf(source);
  const failed = checks?.find((c) => c.status === 'fail');
  if (!failed) throw new Error(`no failing check in ${JSON.stringify(checks?.map((c) => `${c.name}:${c.status}`))}`);
  return failed;
}

/** The check of that name; throws when there is none. */
export function checkNamed(source: { checks?: unknown } | readonly unknown[], name: string): CheckRecord {
  const checks = checksOf(source);
  const found = checks?.find((c) => c.name === name);
  if (!found) throw new Error(`no check "${name}" in ${JSON.stringify(checks?.map((c) => c.name))}`);
  return found;
}
