/**
 * A vendor option written with `zod` (v3: a plug-in's `require('zod')`, or a vendor folder's
 * `import { z } from 'zod'`) validates inside the v4 config schema, in the same words as any setting.
 */
import { z as z3 } from 'zod';
import { z } from 'zod/v4';
import { describeIssue } from '../../src/config/describe-issue';
import { asV4 } from '../../src/config/zod-v3';

const options = z.strictObject({
  greeting: asV4(z3.string().min(1)).optional(),
  count: asV4(z3.number().int().max(10)).optional(),
  mode: asV4(z3.enum(['a', 'b'])).optional(),
  hosts: asV4(z3.array(z3.string()).min(1)).optional(),
});
const problems = (value: unknown) => {
  const result = options.safeParse(value, { reportInput: true });
  return result.success ? [] : result.error.issues.map(describeIssue);
};

test('a valid value passes through as v3 parsed it', () => {
  expect(options.parse({ greeting: 'hi', count: 3, mode: 'b', hosts: ['x'] })).toEqual({ greeting: 'hi', count: 3, mode: 'b', hosts: ['x'] });
});

test("v3's issues read as v4's: type, whole number, bounds, enum, nested path", () => {
  expect(problems({ greeting: '' })).toEqual(['greeting must not be empty']);
  expect(problems({ count: 'x' })).toEqual(['count must be a number (got string)']);
  expect(problems({ count: 1.5 })).toEqual(['count must be a whole number']);
  expect(problems({ count: 11 })).toEqual(['count must be at most 10']);
  expect(problems({ mode: 'c' })).toEqual(['mode must be one of a, b']);
  expect(problems({ hosts: [] })).toEqual(['hosts must list at least 1 item(s)']);
  expect(problems({ hosts: [1] })).toEqual(['hosts[0] must be a string (got number)']);
});
