import { readInputFile } from './input-file';

export class ExpectedFailuresError extends Error {
  override readonly name = 'ExpectedFailuresError';
}

/**
 * An expected-failures file, as the OpenID conformance suite's CI takes one: a JSON or YAML list of
 * module ids (or of `{ module, reason }`), or one id per line with `#` comments. A module listed
 * here that FAILS or WARNS does not fail the run; the reports still show it.
 */
export function loadExpectedFailures(path: string, known: readonly string[]): string[] {
  const { text, value } = readInputFile(path, (message) => new ExpectedFailuresError(message));
  const ids = Array.isArray(value)
    ? value.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as { module?: unknown }).module : entry))
    : text
        .split('\n')
        .map((line) => line.replace(/#.*/, '').trim())
        .filter(Boolean);
  const bad = ids.filter((id) => typeof id !== 'string' || !known.includes(id));
  if (bad.length > 0)
    throw new ExpectedFailuresError(`${path}: not a module id: ${bad.map((b) => JSON.stringify(b)).join(', ')} (modules: ${known.join(', ')})`);
  return ids as string[];
}
