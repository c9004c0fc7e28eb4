/**
 * The one page an HTTP-only run can get through without a browser: an auto-submitting form of
 * hidden fields (how an IdP POSTs a token, as Zendesk's form_submission samples do). A form with a
 * field to fill needs a browser script.
 */
export interface HiddenForm {
  action: string;
  method: 'GET' | 'POST';
  fields: Array<[string, string]>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", '#x2F': '/', '#47': '/' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (ENTITIES[name] !== undefined) return ENTITIES[name];
    if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return whole;
  });
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? decodeEntities(match[1] ?? match[2] ?? match[3] ?? '') : null;
}

/** The page's first form, when every field of it is hidden (nothing for a person to fill); else null. */
export function hiddenForm(html: string): HiddenForm | null {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return null;
  const [, tag = '', body = ''] = form;
  const inputs = [...body.matchAll(/<input\b[^>]*>/gi)].map((m) => m[0]);
  if (inputs.some((input) => !/type\s*=\s*["']?(hidden|submit)/i.test(input))) return null;
  const fields = inputs
    .filter((input) => /type\s*=\s*["']?hidden/i.test(input))
    .map((input): [string, string] => [attribute(input, 'name') ?? '', attribute(input, 'value') ?? ''])
    .filter(([name]) => name !== '');
  return { action: attribute(tag, 'action') ?? '', method: /post/i.test(attribute(tag, 'method') ?? '') ? 'POST' : 'GET', fields };
}
