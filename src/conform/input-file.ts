import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

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
