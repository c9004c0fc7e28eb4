import { spawn } from 'node:child_process';
import { request, type Answer } from '../helpers/receiver';
import { CLI, cleanEnv } from './harness';

/**
 * Does what a developer does with `mint --url` output: opens the GET URL, or runs the curl line
 * (here with fetch, after reading its words the way a POSIX shell would), or submits the HTML form.
 */

/** The words of a shell line: single-quoted words ('\'' inside) and bare words. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /\s*((?:'[^']*'|\\'|[^\s'\\]+)+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    words.push((m[1] as string).replace(/'([^']*)'|\\(')/g, (_, quoted: string | undefined, escaped: string | undefined) => quoted ?? escaped ?? ''));
  }
  return words;
}

export interface CurlRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

/** `curl -i -X POST -H 'k: v' -d 'body' 'url'` -> the request it sends. */
export function parseCurl(line: string): CurlRequest {
  const [cmd, ...words] = shellWords(line.trim());
  if (cmd !== 'curl') throw new Error(`not a curl line: ${line}`);
  const out: CurlRequest = { method: 'GET', url: '', headers: {}, body: null };
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-X') out.method = words[++i] as string;
    else if (w === '-H') {
      const [k, ...v] = (words[++i] as string).split(':');
      out.headers[(k as string).trim().toLowerCase()] = v.join(':').trim();
    } else if (w === '-d') {
      out.body = words[++i] as string;
      if (out.method === 'GET') out.method = 'POST';
      out.headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else if (!w.startsWith('-')) out.url = w;
  }
  return out;
}

const unescapeHtml = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The action and fields of the first `<form method="post">` in `html`. */
export function parseForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]*)">/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form in: ${html}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescapeHtml(m[1] as string)] = unescapeHtml(m[2] as string);
  return { action: unescapeHtml(action), fields };
}

/** The token inside any `mint` output (bare, in a URL, a curl line or a form). */
export function tokenIn(output: string): string {
  const m = /(eyJ[\w-]*\.[\w-]*\.[\w-]*)/.exec(output);
  if (!m) throw new Error(`no token in: ${output}`);
  return m[1] as string;
}

/** Sends what `mint --url` printed: the URL (GET) or the curl line's request. */
export function paste(output: string): Promise<Answer> {
  const first = output.split('\n')[0] as string;
  if (first.startsWith('curl ')) {
    const req = parseCurl(first);
    return request(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined });
  }
  return request(first.trim());
}

/** Submits the HTML form `mint --url` printed (Zendesk), as a browser would. */
export function submitForm(output: string): Promise<Answer> {
  const { action, fields } = parseForm(output);
  return request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

/** Runs the built CLI with `input` on its stdin (the harness's runCli gives the child no stdin). */
export function runCliWithInput(args: string[], input: string, ms = 15_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not exit within ${ms} ms`));
    }, ms);
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** `items.map(fn)` with at most `limit` running at once (CLI spawns on a small CI machine). */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
