/**
 * The `returnto` Kayako gives the remote login URL: the absolute SSO URL of the help center with
 * the landing page in `action`, so the IdP only appends `&jwt=<token>`.
 */
export function returnto(consumeUrl: string, action: string, type: 'customer' | 'agent' = 'customer'): string {
  return `${consumeUrl}?${new URLSearchParams({ type, action })}`;
}
