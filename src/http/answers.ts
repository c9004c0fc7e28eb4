import { httpStatusOf } from '../errors';
import type { Verdict } from '../verify/verdict';
import { writeSessionCookie } from './middleware/session-cookie';
import { attemptLink } from './pages/debugger';
import { refusalPage } from './pages/refusal';
import type { ReceiverContext } from './state';

/**
 * How a refusal reaches the IdP developer, in the vendor's manner (the profile's `refusal` style):
 * - `page`: the status of the code, an HTML page with the vendor's words and every check, or the
 *   JSON form for `Accept: application/json`;
 * - `json`: always the JSON form (a vendor whose exchange is an API call, Zoho ASAP);
 * - `logout-redirect`: Zendesk's; to the remote logout URL with `message` and `kind=error` when one
 *   is configured, else 401 with Zendesk's body, our code and checks beside it.
 * Always with `X-Receiver-Result: <code>`, and the attempt's headers (`describeAttempt`): the
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
  const report = { detail: failed?.message ?? null, check: failed?.name ?? null, finding: failed?.finding ?? null, hint: failed?.hint ?? null, checks: verdict.checks, attempt: attemptId, debugger: debuggerUrl };
  ctx.state.result = code;
  ctx.set('X-Receiver-Result', code);
  describeAttempt(ctx, attemptId);
  const style = tenant.profile.refusal;
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
  ctx.status = httpStatusOf(code);
  if (style === 'json' || ctx.accepts('html', 'json') === 'json') {
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
  ctx.set('X-Receiver-Result', 'accepted');
  ctx.redirect(ctx.state.returnAbsolute ? (ctx.state.returnPath as string) : `${ctx.state.basePath}${ctx.state.returnPath}`);
}

/**
 * The SDK flow (Zoho ASAP): no cookie and no redirect; the session id is the bearer access token
 * that `/asap/me` accepts until it expires by the receiver's clock.
 */
export function answerWithAccessToken(ctx: ReceiverContext, sessionId: string, ttlMs: number): void {
  ctx.state.result = 'accepted';
  ctx.set('X-Receiver-Result', 'accepted');
  ctx.body = { access_token: sessionId, token_type: 'Bearer', expires_in: Math.round(ttlMs / 1000) };
}
