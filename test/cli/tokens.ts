import { freshJti, sign } from '../helpers/receiver';

/** The CLI's receiver runs on the real clock: tokens are issued now. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** A HappyFox token that passes every check right now. */
export function happyfoxNow(secret: string, overrides: Record<string, unknown> = {}): Promise<string> {
  return sign({ iat: nowSeconds(), jti: freshJti(), email: 'jane@example.com', name: 'Jane Doe', ...overrides }, secret);
}

/** A Mojo token that passes every check right now (Mojo has no jti). */
export function mojoNow(secret: string, overrides: Record<string, unknown> = {}): Promise<string> {
  return sign({ iat: nowSeconds(), email: `john-${freshJti()}@example.com`, first_name: 'John', last_name: 'Smith', ...overrides }, secret);
}
