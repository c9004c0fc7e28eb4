import type { ReceiverContext } from '../state';

/** One cookie per tenant, scoped to the tenant's path, so tenants on one host never share a session. */
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
    path: ctx.state.basePath || '/',
    overwrite: true,
    ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  });
}
