import type { UserRow } from '../../store';
import type { AppDeps, ReceiverContext } from '../state';

/**
 * One cookie per tenant, named for it, so tenants on one host never share a session. Its path is
 * the tenant's; the default tenant's is `/`, which also covers its second home `/t/default/`.
 */
export function sessionCookieName(tenantId: string): string {
  return `hjr_session_${tenantId}`;
}

export function readSessionCookie(ctx: ReceiverContext): string | undefined {
  return ctx.cookies.get(sessionCookieName(ctx.state.tenant.id)) || undefined;
}

export function writeSessionCookie(ctx: ReceiverContext, value: string | null, maxAgeMs?: number): void {
  ctx.cookies.set(sessionCookieName(ctx.state.tenant.id), value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.secure,
    path: ctx.state.tenant.id === 'default' ? '/' : ctx.state.basePath,
    overwrite: true,
    ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  });
}

/** The user the request's session cookie belongs to, if the session is live by the receiver clock. */
export async function signedInUser(ctx: ReceiverContext, deps: Pick<AppDeps, 'store' | 'clock'>): Promise<UserRow | undefined> {
  const id = readSessionCookie(ctx);
  const session = id ? await deps.store.findSession(id, ctx.state.tenant.id, deps.clock.nowMs()) : undefined;
  return session ? deps.store.user(session.userId) : undefined;
}
