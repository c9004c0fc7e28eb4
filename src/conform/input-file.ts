import { readFileSync } from 'node:fs';
import type * as Yaml from 'yaml';

/** yaml, loaded when a file is first read: only `conform` reads one, and `serve` paid for loading it. */
function parseYaml(text: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a third-party package loaded on first use, not an internal module the boundary rules watch
  return (require('yaml') as typeof Yaml).parse(text);
}

/**
 * A file a person wrote for a run (a browser script, an expected-failures list): its text, and its
 * content read as YAML (JSON is YAML too), or the parse error. An unreadable file is `fail`'s error.
 */
export function readInputFile(path: string, fail: (message: string) => Error): { text: string; value: unknown; error: string | null } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw fail(`cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return { text, value: parseYaml(text), error: null };
  } catch (err) {
    return { text, value: null, error: (err as Error).message };
  }
}
