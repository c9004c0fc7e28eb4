import { z } from 'zod';
import { readInputFile } from './input-file';
import type { UserSlot } from './types';

/**
 * A browser script: per URL pattern, the tasks that get a user through the IdP's pages (the OpenID
 * conformance suite's "browser" configuration), and the users the run logs in by slot. JSON or YAML.
 */
const task = z.union([
  z.object({ fill: z.string().min(1), value: z.string() }).strict(),
  z.object({ click: z.string().min(1) }).strict(),
  z.object({ waitFor: z.string().min(1) }).strict(),
  z.object({ wait: z.number().int().min(0).max(60_000) }).strict(),
]);
export type Task = z.infer<typeof task>;

const page = z.object({ match: z.string().min(1), tasks: z.array(task).min(1) }).strict();
const user = z.object({ email: z.string().optional(), name: z.string().optional(), query: z.record(z.string()).optional() }).catchall(z.string());

const scriptSchema = z
  .object({
    users: z.record(user).optional(),
    pages: z.array(page).optional(),
  })
  .strict();

export interface BrowserScript {
  users: Record<string, UserSlot>;
  pages: Array<{ match: RegExp; tasks: Task[] }>;
}

export class ScriptError extends Error {
  override readonly name = 'ScriptError';
}

export function parseScript(value: unknown, source = 'script'): BrowserScript {
  const parsed = scriptSchema.safeParse(value ?? {});
  if (!parsed.success) throw new ScriptError(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'} ${i.message}`).join('; ')}`);
  const users = Object.fromEntries(
    Object.entries(parsed.data.users ?? {}).map(([slot, { email, name, query, ...fields }]) => {
      const all: Record<string, string> = { ...(fields as Record<string, string>), ...(email ? { email } : {}), ...(name ? { name } : {}) };
      return [slot, { fields: all, query: query ?? {}, ...(email ? { email } : {}), ...(name ? { name } : {}) } satisfies UserSlot];
    }),
  );
  const pages = (parsed.data.pages ?? []).map((p, i) => {
    try {
      return { match: new RegExp(p.match), tasks: p.tasks };
    } catch (err) {
      throw new ScriptError(`${source}: pages.${i}.match is not a regular expression (${(err as Error).message})`);
    }
  });
  return { users, pages };
}

/** Reads a script file; `.yaml`/`.yml` as YAML, anything else as JSON (YAML is a superset, so JSON parses either way). */
export function loadScript(path: string): BrowserScript {
  const { value, error } = readInputFile(path, (message) => new ScriptError(message));
  if (error !== null) throw new ScriptError(`${path} is not JSON or YAML: ${error}`);
  return parseScript(value, path);
}

/** `{{user.username}}` in a task's value, from the user slot's fields. */
export function fillIn(text: string, user: UserSlot): string {
  return text.replace(/\{\{\s*user\.([A-Za-z0-9_]+)\s*\}\}/g, (_, field: string) => {
    const value = user.fields[field];
    if (value === undefined) throw new ScriptError(`the script asks for {{user.${field}}}, which this user does not list`);
    return value;
  });
}
