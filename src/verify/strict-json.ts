import { parse as parseAst, type AnyNode } from '@humanwhocodes/momoa';

/**
 * JSON.parse silently keeps the last of two members with one name, so a header could say one
 * thing to one parser and another to the next. RFC 7515 §4 and RFC 7519 §4 allow refusing
 * duplicates; the receiver does. JSON.parse validates the syntax and builds the value (treating
 * `__proto__` as an ordinary member); a duplicate is then seen as a difference between the members
 * the text declares and the members the value kept. Only then does an AST parser name the culprit.
 */
export function parseStrictJsonObject(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SyntaxError(`is a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, not an object`);
  }
  if (declaredMembers(text) !== keptMembers(value)) rejectDuplicates(parseAst(text, { mode: 'json' }).body, '');
  return value as Record<string, unknown>;
}

/** Members in valid JSON text: every member has exactly one `:` outside a string, and nothing else has one. */
function declaredMembers(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x3a) count += 1;
  }
  return count;
}

function keptMembers(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + keptMembers(v), 0);
  if (typeof value !== 'object' || value === null) return 0;
  return Object.values(value).reduce<number>((n, v) => n + keptMembers(v), Object.keys(value).length);
}

function rejectDuplicates(node: AnyNode, at: string): void {
  if (node.type === 'Object') {
    const names = new Set<string>();
    for (const member of node.members) {
      const name = member.name.type === 'String' ? member.name.value : member.name.name;
      if (names.has(name)) throw new SyntaxError(`has the member "${name}" twice${at ? ` in ${at}` : ''}`);
      names.add(name);
      rejectDuplicates(member.value, at ? `${at}.${name}` : name);
    }
  } else if (node.type === 'Array') {
    node.elements.forEach((element, i) => rejectDuplicates(element.value, `${at}[${i}]`));
  }
}
