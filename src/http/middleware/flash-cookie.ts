import type { ReceiverContext } from '../state';

/**
 * A one-time message for the next page of the same tenant, as a Rails app's `flash[:notice]`: the
 * refusal of a `flash-redirect` vendor writes it, the page it redirects to reads and clears it.
 * HttpOnly, a minute long, scoped to the tenant's path; the text is the vendor's words only.
 */
const FLASH_MAX_AGE_MS = 60_000;

export const flashCookieName = (tenantId: string): string => `hjr_flash_${tenantId}`;

function cookieOptions(ctx: ReceiverContext) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.secure,
    path: ctx.state.tenant.id === 'default' ? '/' : ctx.state.basePath,
    overwrite: true,
  };
}

export function writeFlash(ctx: ReceiverContext, message: string): void {
  // Percent-encoded: a cookie value may not hold every character a message does.
  ctx.cookies.set(flashCookieName(ctx.state.tenant.id), encodeURIComponent(message), { ...cookieOptions(ctx), maxAge: FLASH_MAX_AGE_MS });
}

/** The flash message left for this request, cleared as it is read; null when there is none. */
export function takeFlash(ctx: ReceiverContext): string | null {
  const raw = ctx.cookies.get(flashCookieName(ctx.state.tenant.id));
  if (!raw) return null;
  ctx.cookies.set(flashCookieName(ctx.state.tenant.id), null, cookieOptions(ctx));
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
