import { closest, distance } from 'fastest-levenshtein';

/**
 * Edits allowed before a word stops looking like a typo of a candidate: one for short words (`srve`),
 * two up to eight letters (`happyfx`), three beyond (`remoteLoginURL`). More, and a suggestion is a
 * guess that sends the reader the wrong way (`maxIatAge` is seven edits from `maxIatAgeSeconds`; the
 * prefix rule below catches that one).
 */
function allowedEdits(word: string): number {
  if (word.length <= 4) return 1;
  return word.length <= 8 ? 2 : 3;
}

/** `a` is `b` with two neighbouring letters swapped. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/**
 * The candidate `word` was most likely meant to be, or undefined when none is close. Case is
 * ignored (`remoteLoginURL` -> `remoteLoginUrl`); two swapped letters (`prot`) and a word that begins
 * or is begun by exactly one candidate (`maxIatAge` -> `maxIatAgeSeconds`, `warning` -> `warn`) count too.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const options = candidates.filter((c) => c !== word);
  if (word.length === 0 || options.length === 0) return undefined;
  const lower = word.toLowerCase();
  const lowered = options.map((c) => c.toLowerCase());
  const best = closest(lower, lowered);
  if (distance(lower, best) <= allowedEdits(word)) return options[lowered.indexOf(best)];
  // Two letters swapped (`prot`) is one slip of the fingers, though Levenshtein counts two edits.
  const swapped = lowered.findIndex((c) => isSwap(lower, c));
  if (swapped >= 0) return options[swapped];
  // One begins the other: a word cut short (`maxIatAge`) or run on (`warning`), four letters shared at least.
  const prefixed = options.filter(
    (_, i) => Math.min(lower.length, lowered[i]!.length) >= 4 && (lowered[i]!.startsWith(lower) || lower.startsWith(lowered[i]!)),
  );
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** `; did you mean serve?` when a candidate is close, else the empty string: to append to a message. */
export function suggestionFor(word: string, candidates: readonly string[]): string {
  const match = didYouMean(word, candidates);
  return match === undefined ? '' : `; did you mean ${match}?`;
}
