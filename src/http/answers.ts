import { httpStatusOf, type ReceiverError } from '../errors';
import type { Verdict } from '../verify/verdict';
import { writeFlash } from './middleware/flash-cookie';
import { writeSessionCookie } from './middleware/session-cookie';
import { attemptLink } from './pages/debugger';
import { html, page } from './pages/html';
import { refusalPage } from './pages/refusal';
import type { ReceiverContext, ReceiverState } from './state';

/**
 * How the vendor's side of the receiver answers (every path but /_receiver/): a login accepted, a
 * login refused with its verdict, or a request the receiver could not take (a ReceiverError).
 * `ctx.state.result` says which; the header is written from it (middleware/result-header.ts).
 */

/**
 * JSON for a vendor that refuses in JSON (Zoho ASAP: its exchange is an API call) and for a client
 * that asks for it; HTML otherwise, and before a tenant is known the client's Accept alone decides.
 */
function answersInJson(ctx: ReceiverContext): boolean {
  const { tenant } = ctx.state as Partial<ReceiverState>;
  return tenant?.profile.refusal === 'json' || ctx.accepts('html', 'json') === 'json';
}

/** A request refused before any verdict (unknown path, wrong method, too large, ...): its status, headers, and `{ error, message, detail }` or a page. */
export function renderVendorError(ctx: ReceiverContext, err: ReceiverError): void {
  ctx.state.result = err.code;
  ctx.status = err.status;
  ctx.set(err.headers);
  if (answersInJson(ctx)) {
    ctx.body = { error: err.code, message: err.message, detail: err.detail };
  } else {
    ctx.type = 'html';
    ctx.body = page(err.message, html`<h1>${err.message}</h1><p>Code <code>${err.code}</code>: ${err.detail}</p>`);
  }
}

/**
 * How a refusal reaches the IdP developer, in the vendor's manner (the profile's `refusal` style):
 * - `page`: the status of the code, an HTML page with the vendor's words and every check, or the
 *   JSON form for `Accept: application/json`;
 * - `json`: always the JSON form (a vendor whose exchange is an API call, Zoho ASAP);
 * - `logout-redirect`: Zendesk's; to the remote logout URL with `message` and `kind=error` when one
 *   is configured, else 401 with Zendesk's body, our code and checks beside it.
 * Always with the result (`X-Receiver-Result: <code>`), and the attempt's headers (`describeAttempt`): the
 * redirect to Zendesk's logout URL carries only the vendor's `message` and `kind`, so the verdict is
 * one click away in a header, never in its query.
 */
export function respondRefusal(ctx: ReceiverContext, verdict: Verdict, attemptId: number | null): void {
  const { tenant } = ctx.state;
  const code = verdict.code ?? 'internal_error';
  const failed = verdict.checks.find((c) => c.status === 'fail');
  // Not ctx.origin: in Koa 3 that is the request's Origin header.
  const debuggerUrl = attemptId === null ? null : `${ctx.protocol}://${ctx.host}${attemptLink(attemptId)}`;
  // `finding` and `hint` beside `detail`: what the receiver recognised and how to fix it, when it did.
  const report = {
    detail: failed?.message ?? null,
    check: failed?.name ?? null,
    finding: failed?.finding ?? null,
    hint: failed?.hint ?? null,
    checks: verdict.checks,
    attempt: attemptId,
    debugger: debuggerUrl,
  };
  ctx.state.result = code;
  describeAttempt(ctx, attemptId);
  const style = tenant.profile.refusal;
  if (style === 'flash-redirect' && httpStatusOf(code) < 500) {
    // Only the vendor's words travel; the verdict is in the attempt's headers, as for a logout redirect.
    writeFlash(ctx, verdict.message ?? tenant.profile.fallbackMessage);
    ctx.redirect(`${ctx.state.basePath}${tenant.profile.refusalPath ?? tenant.profile.homePath}`);
    return;
  }
  if (style === 'opaque') {
    // The vendor says nothing but 401; the headers (X-Receiver-Attempt, Link) lead to the verdict.
    ctx.status = httpStatusOf(code) >= 500 ? httpStatusOf(code) : 401;
    ctx.body = { error: tenant.profile.fallbackMessage };
    return;
  }
  if (style === 'logout-redirect') {
    if (tenant.remoteLogoutUrl && httpStatusOf(code) < 500) {
      const target = new URL(tenant.remoteLogoutUrl);
      target.searchParams.set('message', verdict.message ?? tenant.profile.fallbackMessage);
      target.searchParams.set('kind', 'error');
      ctx.redirect(target.toString());
      return;
    }
    ctx.status = httpStatusOf(code) >= 500 ? httpStatusOf(code) : 401;
    ctx.body = { error: tenant.profile.fallbackMessage, code, message: verdict.message, ...report };
    return;
  }
  ctx.status = tenant.profile.statuses?.[code] ?? httpStatusOf(code);
  if (answersInJson(ctx)) {
    ctx.body = { error: code, message: verdict.message, ...report };
  } else {
    ctx.type = 'html';
    ctx.body = refusalPage(tenant.profile.vendor, verdict, attemptId);
  }
}

/**
 * Where the recorded attempt is, in headers beside the vendor's answer (whatever its status or
 * body): `X-Receiver-Attempt: <id>`, and `Link: </_receiver/#attempt=<id>>; rel="describedby"`, the
 * debugger opened on it, relative to this origin.
 */
export function describeAttempt(ctx: ReceiverContext, attemptId: number | null): void {
  if (attemptId === null) return;
  ctx.set('X-Receiver-Attempt', String(attemptId));
  ctx.set('Link', `<${attemptLink(attemptId)}>; rel="describedby"`);
}

/** The browser flow: the session cookie, then 302 to the landing page on this tenant. */
export function answerWithSession(ctx: ReceiverContext, sessionId: string, ttlMs: number): void {
  writeSessionCookie(ctx, sessionId, ttlMs);
  ctx.state.result = 'accepted';
  ctx.redirect(ctx.state.returnAbsolute ? (ctx.state.returnPath as string) : `${ctx.state.basePath}${ctx.state.returnPath}`);
}

/**
 * The SDK flow (Zoho ASAP): no cookie and no redirect; the session id is the bearer access token
 * that `/asap/me` accepts until it expires by the receiver's clock.
 */
export function answerWithAccessToken(ctx: ReceiverContext, sessionId: string, ttlMs: number): void {
  ctx.state.result = 'accepted';
  ctx.body = { access_token: sessionId, token_type: 'Bearer', expires_in: Math.round(ttlMs / 1000) };
}
