import { parseStrictJsonObject } from '../../src/verify/strict-json';

describe('parseStrictJsonObject', () => {
  test.each([
    ['{"a":1,"a":2}', 'has the member "a" twice'],
    ['{"a":{"b":1,"b":1}}', 'has the member "b" twice in a'],
    ['{"a":[{"x":1},{"y":2,"y":3}]}', 'has the member "y" twice in a[1]'],
    ['{"alg":"HS256", "alg" : "none"}', 'has the member "alg" twice'],
    ['{"\\u0061":1,"a":2}', 'has the member "a" twice'],
  ])('%s is refused: %s', (text, message) => {
    expect(() => parseStrictJsonObject(text)).toThrow(message);
  });

  test.each([['{"a":"x:y","b":"\\":\\"","c":{"d":[1,{"e":":"}]}}'], ['{"__proto__":{"polluted":true},"k":"v"}'], ['{"s":"\\\\","t":":"}'], ['{}']])(
    '%s is accepted',
    (text) => {
      const value = parseStrictJsonObject(text);
      expect(value).toEqual(JSON.parse(text));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  test.each(['[1]', '"s"', '1', 'null', 'true'])('%s is not an object', (text) => {
    expect(() => parseStrictJsonObject(text)).toThrow(/not an object/);
  });

  test('invalid JSON is a SyntaxError', () => {
    expect(() => parseStrictJsonObject('{"a":}')).toThrow(SyntaxError);
  });
});
