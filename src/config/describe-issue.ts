import type { z } from 'zod/v4';
import { suggestionFor } from './did-you-mean';
import { knownSettingsAt } from './known-settings';

/** `['tenants', 1, 'whitelist', 'mode']` -> `tenants[1].whitelist.mode` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return (
    path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '') || '(top level)'
  );
}

/** What a value is, in the words of a type error (`got null`, `got array`). */
function kindOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

/**
 * One zod issue in the config file's words: `whitelist.mode must be one of referer, email, either`.
 * The issue must come from a parse with `reportInput: true` (a type error names what it got).
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const at = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${at} is required`;
      if (issue.expected === 'int') return `${at} must be a whole number`;
      return `${at} must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected} (got ${kindOf(issue.input)})`;
    case 'invalid_value':
      return `${at} must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return issue.keys.map((k) => `${formatPath([...issue.path, k])} is not a known setting`).join('; ');
    case 'too_small':
      if (issue.origin === 'string') return `${at} must not be empty`;
      if (issue.origin === 'array') return `${at} must list at least ${issue.minimum} item(s)`;
      return `${at} must be at least ${issue.minimum}`;
    case 'too_big':
      return `${at} must be at most ${issue.maximum}`;
    default:
      return `${at} ${issue.message}`;
  }
}

/**
 * describeIssue with a did-you-mean where a word is close to a valid one: an unknown setting (one
 * problem per key, the candidates read from `root` at that level), or an enum value such as a
 * profile (`zendsk`).
 */
export function explainIssue(issue: z.core.$ZodIssue, root: z.core.$ZodType): string[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownSettingsAt(root, issue.path);
    return issue.keys.map((key) => `${describeIssue({ ...issue, keys: [key] })}${suggestionFor(key, known)}`);
  }
  if (issue.code === 'invalid_value' && typeof issue.input === 'string') {
    return [`${describeIssue(issue)}${suggestionFor(issue.input, issue.values.map(String))}`];
  }
  return [describeIssue(issue)];
}
