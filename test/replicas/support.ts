import { request, SECRET } from '../helpers/receiver';
import { serve, type Serving } from '../cli/harness';
import { happyfoxNow } from '../cli/tokens';

/** A replica: `serve` (the built CLI) on a PostgreSQL URL and schema, the default tenant HappyFox with SECRET. */
export function replica(dbUrl: string, schema: string): Promise<Serving> {
  const url = new URL(dbUrl);
  url.searchParams.set('schema', schema);
  url.searchParams.set('connect_timeout', '2');
  return serve(['--port', '0', '--db', url.toString(), '--secret', SECRET]);
}

/** One HappyFox consume request; its status and X-Receiver-Result. */
export async function consume(base: string, token: string): Promise<{ status: number; result: string | null }> {
  const res = await request(`${base}/jwt/?${new URLSearchParams({ token }).toString()}`);
  return { status: res.status, result: res.result };
}

/** A HappyFox token valid now. */
export const token = (email = 'jane@example.com'): Promise<string> => happyfoxNow(SECRET, { email });

/** `answers` counted by "status result". */
export function tally(answers: Array<{ status: number; result: string | null }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[`${a.status} ${a.result}`] = (counts[`${a.status} ${a.result}`] ?? 0) + 1;
  return counts;
}
