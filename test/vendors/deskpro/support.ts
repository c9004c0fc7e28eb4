import { exportSPKI, generateKeyPair, type KeyLike } from 'jose';
import { SECRET, T0_MS, freshJti, type TestReceiver } from '../../helpers/receiver';
import { signClaims, vendorClaims } from '../../helpers/tokens';

export const USER_CALLBACK = '/login/authenticate-callback/1';
export const AGENT_CALLBACK = '/agent/login/authenticate-callback/1';

/** Deskpro's mismatch text, written out here rather than imported: the test pins the vendor's words. */
export const mismatch = (selected: string): string =>
  `You selected the decryption algorithm "${selected}" but the incoming JWT token used a different algorithm. Please re-check the selected algorithm.`;
export const MISSING_JWT = 'Missing `jwt` (token) in callback data';
export const MISSING_EMAIL = 'Missing required `email` in payload data';

/** The payload of deskpro-jwt-example's jwt_login.php at T0 (Deskpro's factory): id 42, email, name, iat, exp = iat + 300, jti. */
export function exampleClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return vendorClaims('deskpro', T0_MS, { email: 'agent.smith@example.com', name: 'Agent Smith' }, freshJti(), { id: 42, ...overrides });
}

/** Signs exactly `claims` (undefined members are dropped) with `alg` and an HMAC secret or an RSA private key. */
export function signAs(claims: Record<string, unknown>, alg = 'HS256', key: string | KeyLike = SECRET): Promise<string> {
  return signClaims(claims, key, alg);
}

export const deskproToken = (overrides: Record<string, unknown> = {}, alg = 'HS256', key: string | KeyLike = SECRET): Promise<string> =>
  signAs(exampleClaims(overrides), alg, key);

/** A fresh RS256 key pair, the public half as the PEM a tenant's `publicKey` takes. */
export async function rsaKeyPair(): Promise<{ privateKey: KeyLike; publicPem: string }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { privateKey, publicPem: await exportSPKI(publicKey) };
}

/** `${base}${path}?<params>` with proper encoding. */
export function url(base: string, path: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return `${base}${path}${query ? `?${query}` : ''}`;
}

/** The newest attempt recorded for a tenant (requests in a file run one after another). */
export async function lastAttempt(rx: TestReceiver, tenant = 'default') {
  const [attempt] = await rx.store.searchAttempts({ tenant: tenant, limit: 1 });
  if (!attempt) throw new Error(`no attempt recorded for ${tenant}`);
  return attempt as typeof attempt & { checks: Array<{ name: string; status: string; message: string; code?: string }> };
}

/** The session cookie pair (`name=value`) of an answer. */
export const cookieOf = (headers: Headers): string => (headers.get('set-cookie') ?? '').split(';')[0] as string;
