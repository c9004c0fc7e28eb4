/** The ways an IdP hands a token over, as paste-ready lines for `mint --url`; a vendor's factory picks one. */

/** A word for a POSIX shell, single-quoted. */
export const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The consume URL with the token in the query: what a browser redirect delivers. */
export const queryRequest = (target: string, param: string, token: string): string =>
  `${target}${target.includes('?') ? '&' : '?'}${param}=${encodeURIComponent(token)}\n`;

/** A browser form POST: the curl line that sends it, and the HTML form an IdP page submits. */
export function formPostRequest(target: string, param: string, token: string): string {
  return [
    `curl -i -X POST -d ${shellQuote(`${param}=${encodeURIComponent(token)}`)} ${shellQuote(target)}`,
    '',
    `<form method="post" action="${escapeHtml(target)}">`,
    `  <input type="hidden" name="${param}" value="${escapeHtml(token)}">`,
    '  <button type="submit">Sign in</button>',
    '</form>',
    '',
  ].join('\n');
}

/** An API exchange: the curl POST of `{ <param>: token }` as JSON. */
export function jsonPostRequest(target: string, param: string, token: string): string {
  const body = JSON.stringify({ [param]: token });
  return `curl -s -X POST -H 'Content-Type: application/json' -d ${shellQuote(body)} ${shellQuote(target)}\n`;
}
