import { parse as parseAst, type AnyNode } from '@humanwhocodes/momoa';

/**
 * JSON.parse silently keeps the last of two members with one name, so a header could say one
 * thing to one parser and another to the next. RFC 7515 §4 and RFC 7519 §4 allow refusing
 * duplicates; the receiver does, so the text is first read by an AST parser that sees every member. The value itself still comes from JSON.parse, which treats
 * `__proto__` as an ordinary member.
 */
export function parseStrictJsonObject(text: string): Record<string, unknown> {
  const ast = parseAst(text, { mode: 'json' });
  rejectDuplicates(ast.body, '');
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SyntaxError(`is a JSON ${Array.isArray(value) ? 'array' : typeof value}, not an object`);
  }
  return value as Record<string, unknown>;
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
