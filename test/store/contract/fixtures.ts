import type { AttemptInput, LoginInput } from '../../../src/store/types';
import { fail, pass, type Verdict } from '../../../src/verify/verdict';

export const T0 = 1_700_000_000_000;
export const HOUR = 3_600_000;

export interface LoginSpec {
  tenant?: string;
  key?: string | null;
  email?: string;
  name?: string | null;
  atMs?: number;
  keepUntilMs?: number;
  sessionId?: string;
  sessionTtlMs?: number;
  replacesSessionId?: string;
  claims?: Record<string, unknown>;
}

let sessions = 0;

/** An accepted verdict and what a login records of it. */
export function loginInput(spec: LoginSpec = {}): LoginInput {
  const email = spec.email ?? 'jane@example.com';
  const key = spec.key === undefined ? `jti:${Math.random().toString(36).slice(2)}` : spec.key;
  const verdict: Verdict = {
    accepted: true,
    code: null,
    message: null,
    checks: [pass('signature', 'HS256 verified'), pass('replay', 'first use')],
    header: { alg: 'HS256', typ: 'JWT' },
    claims: spec.claims ?? { email, jti: key },
    identity: {
      key: email,
      email,
      name: spec.name === undefined ? 'Jane Doe' : spec.name,
      firstName: null,
      lastName: null,
      externalId: null,
      attributes: { role: 'end-user' },
    },
    replay: key === null ? null : { kind: 'jti', key, keepUntilMs: spec.keepUntilMs ?? (spec.atMs ?? T0) + HOUR },
    secretIndex: 0,
  };
  return {
    tenant: spec.tenant ?? 'default',
    atMs: spec.atMs ?? T0,
    route: 'GET /jwt/',
    verdict,
    clientIp: '127.0.0.1',
    referer: 'https://idp.example.com/sso',
    identity: verdict.identity!,
    sessionId: spec.sessionId ?? `session-${++sessions}-${Math.random()}`,
    sessionTtlMs: spec.sessionTtlMs ?? HOUR,
    replacesSessionId: spec.replacesSessionId,
  };
}

/** A refusal as the pipeline records it. */
export function refusal(spec: { tenant?: string; code?: string; atMs?: number; email?: string | null } = {}): AttemptInput {
  const code = (spec.code ?? 'token_expired') as NonNullable<Verdict['code']>;
  const email = spec.email === undefined ? 'jane@example.com' : spec.email;
  return {
    tenant: spec.tenant ?? 'default',
    atMs: spec.atMs ?? T0,
    route: 'GET /jwt/',
    verdict: {
      accepted: false,
      code,
      message: 'refused',
      checks: [fail('exp', code, 'expired')],
      header: { alg: 'HS256' },
      claims: { z: 1, a: 2 },
      identity: email === null ? null : { key: email, email, name: null, firstName: null, lastName: null, externalId: null, attributes: null },
      replay: null,
      secretIndex: null,
    },
    userId: null,
    clientIp: null,
    referer: null,
  };
}
