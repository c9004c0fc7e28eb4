import { ReceiverError, type ErrorCode } from '../../errors';
import type { SessionRow } from '../../store/sessions';
import type { UserRow } from '../../store/users';
import type { AppDeps, ReceiverContext, ReceiverRouter } from '../../http/vendor-kit';
import { addZohoAsapCors } from './cors';

/** RFC 6750 §2.1: `Bearer` (any case), one space or more, a b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Beside the exchange (the consume route `POST /asap/jwt`), for the banner. */
export const ZOHO_ASAP_ENTRIES = [
  { label: 'me', method: 'GET', path: '/asap/me', note: 'Authorization: Bearer <the access_token POST /asap/jwt returned>' },
] as const;

/**
 * A 401 in the bearer-token manner (RFC 6750 §3): `WWW-Authenticate: Bearer`, with `error` when a
 * token was sent, and the receiver's JSON error body with a stable code.
 */
function refuse(ctx: ReceiverContext, code: ErrorCode, oauthError: 'invalid_request' | 'invalid_token' | null, detail: string): never {
  const realm = `realm="${ctx.state.tenant.id}"`;
  const challenge = oauthError ? `Bearer ${realm}, error="${oauthError}", error_description="${detail.replace(/["\\]/g, '')}"` : `Bearer ${realm}`;
  throw new ReceiverError(code, 'Unauthorized', detail, { headers: { 'WWW-Authenticate': challenge } });
}

/**
 * `GET /asap/me`: the user an access token from `POST /asap/jwt` logged in, while the token lives
 * (accessTokenTtlSeconds by the receiver clock): a stand-in for what the ASAP SDK does with it.
 * Both routes answer CORS for the add-on's page (zoho-asap-cors.ts).
 */
export function zohoAsapRoutes(router: ReceiverRouter, deps: AppDeps): void {
  const { store, clock } = deps;
  addZohoAsapCors(router);

  /** The access token of an `Authorization: Bearer` header, or a 401 saying what was sent instead. */
  function bearerToken(ctx: ReceiverContext): string {
    const header = ctx.get('Authorization');
    if (!header)
      return refuse(
        ctx,
        'access_token_missing',
        null,
        'no Authorization header: send "Authorization: Bearer <access_token>" with the access_token POST /asap/jwt returned',
      );
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) {
      const scheme = header.trim().split(/\s+/)[0] ?? '';
      return refuse(
        ctx,
        'access_token_missing',
        'invalid_request',
        `the Authorization header is not "Bearer <access_token>" (scheme "${scheme.slice(0, 20)}")`,
      );
    }
    return token;
  }

  /** The live session the token names and its user; a reset may have removed the user since. */
  async function accessOf(ctx: ReceiverContext, token: string): Promise<{ session: SessionRow; user: UserRow }> {
    const session = await store.findSession(token, ctx.state.tenant.id, clock.nowMs());
    const user = session && (await store.user(session.userId));
    if (!session || !user) {
      return refuse(
        ctx,
        'access_token_invalid',
        'invalid_token',
        'the access token is unknown to this tenant or has expired (it lives accessTokenTtlSeconds by the receiver clock): exchange a fresh JWT at POST /asap/jwt',
      );
    }
    return { session, user };
  }

  async function answerMe(ctx: ReceiverContext): Promise<void> {
    const { session, user } = await accessOf(ctx, bearerToken(ctx));
    ctx.state.result = 'accepted';
    ctx.body = {
      id: String(user.id),
      email: user.email,
      first_name: user.firstName,
      last_name: user.lastName,
      name: user.name,
      tenant: user.tenant,
      login_count: user.loginCount,
      access_token_expires_at: new Date(session.expiresAt).toISOString(),
      expires_in: Math.max(0, Math.floor((session.expiresAt - clock.nowMs()) / 1000)),
    };
  }

  router.get('/asap/me', answerMe);
}
