import { storedVerdict, type StoredVerdict } from '../stored-verdict';
import type { AttemptInput, AttemptRow, LoginInput } from '../types';

/** An attempt's columns as the statements take them (the verdict's parts as JSON text, never the token). */
export interface AttemptColumns extends Omit<StoredVerdict, 'replay'> {
  tenant: string;
  at: number;
  route: string;
  userId: number | null;
  clientIp: string | null;
  referer: string | null;
  replayKey: string | null;
  sessionHash: string | null;
}

export function attemptColumns(a: AttemptInput): AttemptColumns {
  const verdict = storedVerdict(a.verdict);
  return {
    tenant: a.tenant,
    at: a.atMs,
    route: a.route,
    accepted: verdict.accepted,
    code: verdict.code,
    checks: verdict.checks,
    header: verdict.header,
    claims: verdict.claims,
    email: verdict.email,
    userId: a.userId,
    clientIp: a.clientIp,
    referer: a.referer,
    replayKey: verdict.replay?.key ?? null,
    sessionHash: a.sessionHash ?? null,
  };
}

export const attemptValues = (c: AttemptColumns): unknown[] => [
  c.tenant,
  c.at,
  c.route,
  c.accepted,
  c.code,
  c.checks,
  c.header,
  c.claims,
  c.email,
  c.userId,
  c.clientIp,
  c.referer,
  c.replayKey,
  c.sessionHash,
];

/** A committed attempt as a listener hears it: what the API shows, read from the JSON just stored (no round trip). */
export function attemptRow(id: number, c: AttemptColumns): AttemptRow {
  return {
    id,
    tenant: c.tenant,
    at: c.at,
    route: c.route,
    accepted: c.accepted,
    code: c.code,
    checks: JSON.parse(c.checks),
    header: c.header === null ? null : JSON.parse(c.header),
    claims: c.claims === null ? null : JSON.parse(c.claims),
    email: c.email,
    userId: c.userId,
    clientIp: c.clientIp,
    referer: c.referer,
  };
}

/** An attempts row as PostgreSQL gives it: the verdict's parts as JSON text. */
export function parseAttempt<T extends Record<string, unknown>>(row: T): T & AttemptRow {
  return {
    ...row,
    checks: JSON.parse(row.checks as string),
    header: row.header ? JSON.parse(row.header as string) : null,
    claims: row.claims ? JSON.parse(row.claims as string) : null,
  } as T & AttemptRow;
}

/** The login statement's parameters ($1..$21; the caller adds the notify channel and its id). */
export function loginValues(input: LoginInput, sessionHash: string, replacedHash: string | null, attempt: AttemptColumns): unknown[] {
  const { identity, verdict } = input;
  return [
    input.tenant,
    verdict.replay?.key ?? null,
    input.atMs,
    verdict.replay?.keepUntilMs ?? null,
    identity.key,
    identity.email,
    identity.name,
    identity.firstName,
    identity.lastName,
    identity.externalId,
    identity.attributes ? JSON.stringify(identity.attributes) : null,
    replacedHash,
    sessionHash,
    input.atMs + input.sessionTtlMs,
    input.route,
    verdict.code,
    attempt.checks,
    attempt.header,
    attempt.claims,
    input.clientIp,
    input.referer,
  ];
}
