import { request, type Answer } from '../helpers/receiver';

/** A call to the inspection API: JSON in (when `body` is given) and JSON out. */
export async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit & { json?: boolean } = { method, json: true, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json', ...headers };
  }
  return request(`${base}/_receiver${path}`, init);
}

/** The answer's JSON, after checking its status (the body is shown when the status is wrong). */
export function expectJson(res: Answer, status: number): any {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.body}`);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return res.json();
}

/** An API refusal: its status and stable code, with `detail` and `message` present. */
export function expectError(res: Answer, status: number, code: string): any {
  const body = expectJson(res, status);
  expect(body).toEqual(expect.objectContaining({ error: code, message: expect.any(String), detail: expect.any(String) }));
  expect(res.result).toBe(code);
  return body;
}
