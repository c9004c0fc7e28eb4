import type { Next } from 'koa';
import { ReceiverError, type ErrorCode } from '../errors';
import type { ConsumeRoute } from '../vendors';
import type { CredentialFormat, HttpMethod } from '../verify/contract';
import { noteUnredeemed, redeemAndJudge } from './once';
import { newSessionId } from './session-id';
import { runPipeline, vendorWords } from '../verify/pipeline';
import { replayStoppedByOnceValues } from '../verify/once';
import { replayCheck, replayNotApplied, replayUnrecorded } from '../verify/replay';
import { fail, finish, skip, type Check, type Verdict } from '../verify/verdict';
import { keptLanding, landingPage } from './landing';
import { lazyBodyParser } from './lazy-body-parser';
import { paramValues } from './params';
import { answerWithAccessToken, answerWithSession, describeAttempt, respondRefusal } from './answers';
import { readSessionCookie } from './middleware/session-cookie';
import type { AppDeps, ReceiverContext, ReceiverMiddleware } from './state';
import { transportChecks } from '../verify/transport';

/** For a vendor that answers a refusal with a bare 401: the verdict says so, since it alone holds the reason. */
function opaqueAnswerNote(vendor: string): Check {
  return skip(
    'answer',
    `${vendor} answers a refused login with a bare 401 and no reason; the receiver answers the same, so the reason is only here (X-Receiver-Attempt, the debugger)`,
    { reason: 'not_checked' },
  );
}

/**
 * Thrown by a consume step to refuse the login with a verdict; `answerConsume` records and renders
 * it. Control flow, never logged: it carries no stack (capturing one cost ~2% of a refused replay).
 */
class Refusal extends Error {
  readonly verdict: Verdict;

  constructor(verdict: Verdict) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(verdict.code ?? 'refused');
    Error.stackTraceLimit = limit;
    this.verdict = verdict;
  }
}

function requestRefusal(ctx: ReceiverContext, code: ErrorCode, message: string): Refusal {
  const verdict: Verdict = {
    accepted: false,
    code: null,
    message: null,
    checks: [fail('request', code, message)],
    header: null,
    claims: null,
    identity: null,
    replay: null,
    secretIndex: null,
  };
  return new Refusal(finish(verdict, vendorWords(ctx.state.tenant)));
}

/** The query parameter once, or a refusal: a repeated parameter is ambiguous and never guessed at. */
function singleParam(ctx: ReceiverContext, name: string): string | undefined {
  const values = paramValues(ctx, name);
  if (values.length > 1) throw requestRefusal(ctx, 'token_repeated', `"${name}" appears ${values.length} times in the query and body; send it once`);
  return values[0];
}

/**
 * A credential that is not a JWT: its parameters, each once, form-encoded in the vendor's order
 * (the text `check` and the dry run take); a missing one is refused with its name.
 */
function credentialText(ctx: ReceiverContext, format: CredentialFormat): string {
  const { vendor } = ctx.state.tenant.profile;
  const pairs: Array<[string, string]> = [];
  for (const name of format.params) {
    const value = singleParam(ctx, name);
    if (value) pairs.push([name, value]);
    else if (format.required.includes(name))
      throw requestRefusal(ctx, 'token_missing', `no "${name}" parameter: ${vendor} expects ${format.params.map((p) => `${p}=`).join('&')}`);
  }
  return new URLSearchParams(pairs).toString();
}

/** Form and JSON bodies of POST consume routes, small and strict; a bad body is a 400 with a code. */
const parseBody = lazyBodyParser({
  enableTypes: ['form', 'json'],
  formLimit: '64kb',
  jsonLimit: '64kb',
  onError(err) {
    const status = (err as { status?: number }).status;
    throw status === 413
      ? new ReceiverError('request_too_large', 'Payload Too Large', 'the request body is over 64 kB', { status: 413 })
      : new ReceiverError('request_malformed', 'Bad Request', `the request body could not be read: ${err.message}`);
  },
});

function clientReferer(ctx: ReceiverContext): string | null {
  const referer = ctx.get('Referer');
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return `${url.origin}${url.pathname}`; // never the query: an IdP page URL may carry secrets
  } catch {
    return '(unparsable)';
  }
}

/**
 * The consume route of a profile as a list of named steps, so a stack trace reads like the flow:
 * answerConsume -> [parseBody] -> readToken -> verifyToken -> createSession (which answers as the
 * profile does: a session cookie and a redirect, or an access token). From readToken on, each step
 * calls the next with what it made (the token, the accepted verdict), so the compiler sees that
 * each has its input, which a value left in ctx.state for the next middleware would not show.
 */
export function consumeMiddleware(route: ConsumeRoute, deps: AppDeps): ReceiverMiddleware[] {
  const { store, clock } = deps;
  // Read once per request (answerConsume); a step run on its own still has a clock.
  const now = (ctx: ReceiverContext): number => (ctx.state.nowMs ??= clock.nowMs());
  const routeName = `${route.methods.join('|')} ${route.path}`;

  function record(ctx: ReceiverContext, verdict: Verdict): Promise<number | null> {
    return store.recordAttempt({
      tenant: ctx.state.tenant.id,
      atMs: now(ctx),
      route: routeName,
      verdict,
      userId: null,
      clientIp: ctx.ip || null,
      referer: clientReferer(ctx),
    });
  }

  async function answerConsume(ctx: ReceiverContext, next: Next): Promise<void> {
    ctx.state.nowMs = clock.nowMs();
    try {
      await next();
    } catch (err) {
      let verdict: Verdict;
      let attemptId: number | null;
      if (err instanceof Refusal) {
        verdict = err.verdict;
        if (ctx.state.tenant.profile.refusal === 'opaque') verdict.checks.push(opaqueAnswerNote(ctx.state.tenant.profile.vendor));
        attemptId = await record(ctx, verdict);
      } else if (err instanceof ReceiverError && err.code === 'store_unavailable' && ctx.state.verdict) {
        // The detail names the database file and SQLite's reason: what an operator needs (no token, no secret).
        deps.logger.warn({ tenant: ctx.state.tenant.id, detail: err.detail }, 'login refused: the database could not record it');
        verdict = ctx.state.verdict;
        // Not recorded: the store just refused a write (after its whole busy timeout, when locked), and
        // trying again would only make the answer wait that long a second time.
        attemptId = null;
      } else {
        throw err;
      }
      ctx.state.verdict = verdict;
      ctx.state.attemptId = attemptId;
      respondRefusal(ctx, verdict, attemptId);
    }
  }

  async function readToken(ctx: ReceiverContext): Promise<void> {
    // The router answers HEAD with the GET route; a link checker's HEAD must not spend the token.
    const { options } = ctx.state.tenant;
    const allowed = route.methods.filter((m) => !route.refuseMethod?.(m, options));
    const notAllowed = (detail: string) =>
      new ReceiverError('method_not_allowed', 'Method Not Allowed', detail, { status: 405, headers: { Allow: allowed.join(', ') } });
    if (ctx.method === 'HEAD') throw notAllowed(`HEAD does not consume a token; send ${allowed.join(' or ')}`);
    // A method the tenant's options switched off (Zendesk `allowGet: false`): refused before the token is read.
    const refused = route.refuseMethod?.(ctx.method as HttpMethod, options);
    if (refused) throw notAllowed(refused);
    const { profile } = ctx.state.tenant;
    const token = profile.credential ? credentialText(ctx, profile.credential) : singleParam(ctx, route.tokenParam);
    if (!token)
      throw requestRefusal(ctx, 'token_missing', `no "${route.tokenParam}" parameter: ${profile.vendor} expects ${route.path}?${route.tokenParam}=<jwt>`);
    await verifyToken(ctx, token);
  }

  async function verifyToken(ctx: ReceiverContext, token: string): Promise<void> {
    const { tenant } = ctx.state;
    const verdict = await runPipeline({
      tenant,
      token,
      nowMs: now(ctx),
      request: { referer: ctx.get('Referer') || undefined, origin: ctx.get('Origin') || undefined },
      otherTenants: () => deps.tenants.list().filter((t) => t.id !== tenant.id),
    });
    const target = landingPage(ctx, route, verdict);
    if (target.check) verdict.checks.push(target.check);
    verdict.checks.push(...transportChecks({ rawQuery: ctx.querystring, urlLength: ctx.href.length }, route.returnParam));
    ctx.state.returnPath = target.path;
    ctx.state.returnAbsolute = target.absolute === true;
    ctx.state.verdict = verdict;
    if (!verdict.accepted) {
      const { once } = tenant.profile;
      if (once) noteUnredeemed(verdict.checks, once, { param: (name) => paramValues(ctx, name)[0], claims: verdict.claims ?? {} });
      throw new Refusal(verdict);
    }
    await redeemOnceValues(ctx, verdict);
  }

  /**
   * A login the receiver started (its /login issued a state or nonce): redeems each value once the
   * credential has passed everything else, so a refused one leaves them unspent. The vendor words
   * the answers; they take the place of the dry run's `not redeemed` checks.
   */
  async function redeemOnceValues(ctx: ReceiverContext, verdict: Verdict): Promise<void> {
    const { tenant } = ctx.state;
    const { once } = tenant.profile;
    if (!once) return createSession(ctx, verdict);
    const source = { param: (name: string) => singleParam(ctx, name), claims: verdict.claims ?? {} };
    const { redeemed, judged } = await redeemAndJudge(ctx, deps, once, source, now(ctx));
    const names = new Set(once.redeem.map((r) => r.check));
    const at = verdict.checks.findIndex((c) => names.has(c.name));
    const others = verdict.checks.filter((c) => !names.has(c.name));
    others.splice(at < 0 ? others.length : at, 0, ...judged);
    verdict.checks.splice(0, verdict.checks.length, ...others);
    finish(verdict, vendorWords(tenant));
    if (!verdict.accepted) throw new Refusal(verdict);
    const kept = once.landing?.(redeemed);
    if (kept) keptLanding(ctx, route, verdict, kept);
    await createSession(ctx, verdict);
  }

  async function createSession(ctx: ReceiverContext, verdict: Verdict): Promise<void> {
    const { tenant } = ctx.state;
    const { identity } = verdict;
    // A vendor's identity() that returns null must also fail a check; accepting nobody is a bug (a 500), not a login.
    if (!identity) throw new Error(`${tenant.profile.vendor}: an accepted token without an identity`);
    const nowMs = now(ctx);
    const sessionId = newSessionId(nowMs);
    const bearer = tenant.profile.answer === 'access-token';
    const ttlMs = (tenant.profile.sessionTtlSeconds?.(tenant.options) ?? tenant.options.sessionTtlSeconds) * 1000;
    const words = vendorWords(tenant);
    // Worded for a first use; the store records the accepted attempt with it.
    const { once } = tenant.profile;
    verdict.checks.push(
      verdict.replay ? replayCheck(verdict.replay, { state: 'spent' }, nowMs, 'consume') : once ? replayStoppedByOnceValues(once) : replayNotApplied('consume'),
    );
    let outcome;
    try {
      outcome = await store.login({
        tenant: tenant.id,
        atMs: nowMs,
        route: routeName,
        verdict,
        identity,
        sessionId,
        sessionTtlMs: ttlMs,
        replacesSessionId: bearer ? undefined : readSessionCookie(ctx),
        clientIp: ctx.ip || null,
        referer: clientReferer(ctx),
      });
    } catch (err) {
      if (err instanceof ReceiverError && err.code === 'store_unavailable') {
        verdict.checks[verdict.checks.length - 1] = replayUnrecorded(store.location, (err.cause as Error | undefined)?.message ?? err.detail);
        finish(verdict, words);
      }
      throw err;
    }
    if (!outcome.ok) {
      verdict.checks[verdict.checks.length - 1] = replayCheck(verdict.replay!, outcome.replay, nowMs, 'consume');
      throw new Refusal(finish(verdict, words));
    }
    ctx.state.attemptId = outcome.attemptId;
    describeAttempt(ctx, outcome.attemptId);
    if (bearer) answerWithAccessToken(ctx, sessionId, ttlMs);
    else answerWithSession(ctx, sessionId, ttlMs);
  }

  const body: ReceiverMiddleware[] = route.methods.includes('POST') ? [parseBody] : [];
  return [answerConsume, ...body, readToken];
}
