import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { T0, consumeUrl, freshJti, request, type Answer, type TestReceiver } from '../helpers/receiver';

/**
 * Tokens made the way a mistaken IdP makes them: the HMAC (node:crypto, or jose where a JWT
 * library would sign) under a key or over a text the IdP got wrong, and the evidence a refusal
 * leaves behind (the answer and the recorded attempt), searched for secrets.
 */

export const b64u = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** A HappyFox payload that passes every other check at T0. */
export const happyfoxClaims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  iat: T0,
  jti: freshJti(),
  email: 'jane@example.com',
  name: 'Jane Doe',
  ...overrides,
});

export interface MistakeOptions {
  /** The header's alg (default HS256). */
  alg?: string;
  /** The hash the IdP really used (default: the header's). */
  hash?: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  /** The text the IdP signed, from the parts it sent (default: `<header>.<payload>`). */
  signed?: (headerPart: string, payloadPart: string) => Buffer | string;
  /** How the IdP wrote the digest into the signature part (default: base64url). */
  encode?: (digest: Buffer) => string;
  claims?: Record<string, unknown>;
}

const HASH: Record<string, 'sha256' | 'sha384' | 'sha512'> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** A compact JWS whose signature part is the HMAC under `key` as the options say. */
export function mistakenToken(key: Buffer | string, opts: MistakeOptions = {}): string {
  const alg = opts.alg ?? 'HS256';
  const headerPart = b64u(JSON.stringify({ alg, typ: 'JWT' }));
  const payloadPart = b64u(JSON.stringify(opts.claims ?? happyfoxClaims()));
  const signed = opts.signed ? opts.signed(headerPart, payloadPart) : `${headerPart}.${payloadPart}`;
  const digest = createHmac(opts.hash ?? HASH[alg] ?? 'sha256', key)
    .update(signed)
    .digest();
  return `${headerPart}.${payloadPart}.${(opts.encode ?? ((d) => d.toString('base64url')))(digest)}`;
}

/** What a JWT library makes with `key` as the key bytes (jose): the honest token under a wrong key. */
export function libraryToken(key: Buffer | string, alg = 'HS256', claims = happyfoxClaims()): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(typeof key === 'string' ? Buffer.from(key, 'utf8') : key);
}

/** The forms a key could leak in: its text (when it is one), hex, base64 and base64url. Short forms are left out (they match by chance). */
export function leakForms(...keys: Array<Buffer | string>): string[] {
  const forms = new Set<string>();
  for (const key of keys) {
    const bytes = Buffer.from(key);
    if (typeof key === 'string') forms.add(key.trim() || key);
    forms.add(bytes.toString('utf8'));
    forms.add(bytes.toString('hex'));
    forms.add(bytes.toString('base64'));
    forms.add(bytes.toString('base64').replace(/=+$/, ''));
    forms.add(bytes.toString('base64url'));
  }
  return [...forms].filter((f) => f.trim().length >= 12);
}

/** Fails naming the form (never printing it whole) when `text` contains any of `forms`. */
export function expectNoLeak(text: string, forms: readonly string[], where: string): void {
  const leaked = forms.filter((f) => text.includes(f) || text.includes(JSON.stringify(f).slice(1, -1)));
  expect({ where, leaked: leaked.map((f) => `${f.slice(0, 3)}... (${f.length} chars)`) }).toEqual({ where, leaked: [] });
}

export interface Refusal {
  answer: Answer;
  body: any;
  /** The failing check as the JSON body and the attempts API give it. */
  failed: any;
  attempt: any;
}

/** Where a refusal is asked for: the tenant's base path ('' for default) and its consume route. */
export interface Route {
  tenantPath?: string;
  /** Default HappyFox's `/jwt/`. */
  path?: string;
  /** Default HappyFox's `token`. */
  param?: string;
}

/**
 * Sends `token` to the tenant's consume route asking for JSON, then for the HTML page, reads the
 * recorded attempt from `/_receiver/attempts/:id`, and checks that none of `secrets` (in any leak
 * form) appears in the bodies, the headers, or the attempt.
 */
export async function refuse(rx: TestReceiver, token: string, secrets: Array<Buffer | string>, route: Route = {}): Promise<Refusal> {
  const at = consumeUrl(`${rx.url}${route.tenantPath ?? ''}`, route.path ?? '/jwt/', { [route.param ?? 'token']: token });
  const answer = await request(at, { json: true });
  const body = answer.json();
  const attemptAnswer = await request(`${rx.url}/_receiver/attempts/${body.attempt}`, { json: true });
  expect(attemptAnswer.status).toBe(200);
  const attempt = attemptAnswer.json();
  const forms = leakForms(...secrets);
  expect(forms.length).toBeGreaterThan(0);
  expectNoLeak(answer.body, forms, 'refusal body');
  expectNoLeak(JSON.stringify([...answer.headers.entries()]), forms, 'refusal headers');
  expectNoLeak(attemptAnswer.body, forms, 'attempt');
  // The same refusal as the HTML page (the signature fails before the jti is spent).
  const page = await request(at);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expectNoLeak(page.body, forms, 'refusal page');
  expectNoLeak(JSON.stringify([...page.headers.entries()]), forms, 'refusal page headers');
  const failed = attempt.checks.find((c: { status: string }) => c.status === 'fail');
  return { answer, body, failed, attempt };
}
