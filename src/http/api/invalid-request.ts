import type { z } from 'zod/v4';
import { describeIssue } from '../../config/describe-issue';
import { ReceiverError } from '../../errors';

/** `request_invalid` with one line per path at fault (the API's JSON carries them as `problems`). */
export class InvalidRequest extends ReceiverError<'request_invalid'> {
  constructor(
    readonly problems: string[],
    what = 'request',
  ) {
    super('request_invalid', `Invalid ${what}`, problems.join('; '));
  }
}

/** zod issues in the config file's words; unknown keys are `parameter`s of a query, `setting`s of a tenant. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], unknownKey: 'setting' | 'parameter' | 'field' = 'setting'): string[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [describeIssue(issue)];
    // One line per key; a query parameter or a body field is not a `setting`.
    return issue.keys.map((key) => describeIssue({ ...issue, keys: [key] }).replace(/ is not a known setting$/, ` is not a known ${unknownKey}`));
  });
}

/** Parses `value` with `schema` or throws `request_invalid` naming every path at fault. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: 'query' | 'body', unknownKey: 'setting' | 'parameter' | 'field'): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw new InvalidRequest(describeIssues(result.error.issues, unknownKey), what);
  return result.data;
}
