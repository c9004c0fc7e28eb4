/**
 * Spot checks: one request by hand before each scenario, so a broken set-up fails loudly instead of
 * measuring a refusal page. An accepted login answers as its profile does: a session cookie and a
 * 302 (HappyFox, Mojo, Deskpro, Zendesk, and the baseline), or 200 with an access token in JSON
 * and neither cookie nor redirect (Zoho ASAP).
 */
import type { Child } from './children';
import type { DriveRequest } from './drive';
import { TENANTS, requestFor, type Scenario } from './scenarios';

/** 256 random bits, after the creation time the receiver's ids open with (src/store/sessions.ts; the baselines' have none). */
const SESSION_VALUE = /^=(?:[0-9a-z]{9}\.)?[A-Za-z0-9_-]{43};/;

/** One request as the load generator would send it, without following a redirect. */
export function send(server: Child, request: DriveRequest): Promise<Response> {
  const init: RequestInit = { redirect: 'manual', signal: AbortSignal.timeout(5000) };
  if (typeof request === 'string') return fetch(`${server.url}${request}`, init);
  if (request.method === 'GET') return fetch(`${server.url}${request.path}`, { ...init, headers: { Cookie: request.cookie } });
  return fetch(`${server.url}${request.path}`, { ...init, method: request.method, body: request.body, headers: { 'Content-Type': request.contentType } });
}

function describe(res: Response, body = ''): string {
  return (
    `${res.status} ${res.headers.get('x-receiver-result') ?? ''} location=${res.headers.get('location') ?? ''} set-cookie=${res.headers.get('set-cookie') ?? ''}` +
    (body ? ` body=${body.slice(0, 300)}` : '')
  );
}

export async function expectLogin(server: Child, scenario: Scenario, request: DriveRequest, isReceiver: boolean): Promise<void> {
  const res = await send(server, request);
  const body = await res.text();
  const accepted = !isReceiver || res.headers.get('x-receiver-result') === 'accepted';
  let ok: boolean;
  if (scenario.answer.kind === 'session-redirect') {
    const cookie = res.headers.get('set-cookie') ?? '';
    const name = `hjr_session_${TENANTS[scenario.vendor].id}`;
    ok =
      res.status === 302 &&
      (res.headers.get('location') ?? '').endsWith(scenario.answer.landing) &&
      cookie.startsWith(name) &&
      SESSION_VALUE.test(cookie.slice(name.length)) &&
      /;\s*httponly/i.test(cookie) &&
      /;\s*samesite=lax/i.test(cookie) &&
      accepted;
  } else {
    let answer: Record<string, unknown> | null = null;
    try {
      answer = JSON.parse(body) as Record<string, unknown>;
    } catch {
      // not JSON: fails below
    }
    ok =
      res.status === 200 &&
      /^application\/json\b/.test(res.headers.get('content-type') ?? '') &&
      res.headers.get('set-cookie') === null &&
      res.headers.get('location') === null &&
      typeof answer?.access_token === 'string' &&
      answer.access_token.length >= 16 &&
      answer.token_type === 'Bearer' &&
      answer.expires_in === scenario.answer.expiresIn &&
      accepted;
  }
  const json = /json/.test(res.headers.get('content-type') ?? '');
  if (!ok) throw new Error(`${scenario.id}: spot check of an accepted login failed: ${describe(res, json ? body : '')}`);
}

export async function expectReplayRefused(server: Child, scenario: Scenario, token: string): Promise<void> {
  const res = await send(server, requestFor(scenario.carrier, token));
  await res.arrayBuffer();
  if (res.status !== 401 || res.headers.get('x-receiver-result') !== 'token_replayed') {
    throw new Error(`${scenario.id}: spot check of a replayed token failed (wanted 401 token_replayed): ${describe(res)}`);
  }
}
