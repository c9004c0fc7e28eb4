import { z } from 'zod/v4';
import { ERROR_CODES, ReceiverError } from '../../errors';
import type { AttemptRefs, AttemptRow, ReceiverStore } from '../../store';
import type { Check } from '../../verify/verdict';
import type { AppDeps, ReceiverContext, ReceiverRouter, RoutedContext } from '../state';
import type { ApiGuard } from './access';
import { InvalidRequest } from './invalid-request';
import { instant, limitParam, readQuery, tenantParam } from './params';
import type { AttemptDetailJson, AttemptJson, AttemptSessionJson, OnceNowJson, ReplayJson } from './schemas/attempt';
import { sessionRef } from './session-ref';
import { userJson } from './users';

const attemptQuery = z
  .object({
    tenant: tenantParam.optional(),
    email: z.string().min(1).max(320).optional(),
    accepted: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    code: z
      .string()
      .refine((c) => Object.hasOwn(ERROR_CODES, c), 'must be a stable error code, such as token_expired (the README lists them)')
      .optional(),
    since: instant.optional(),
    limit: limitParam(50, 1000),
  })
  .strict();

export function attemptJson(row: AttemptRow): AttemptJson {
  const { id, tenant, at, route, accepted, code, checks, header, claims, email, userId, clientIp, referer } = row;
  return {
    id,
    tenant,
    at,
    route,
    accepted,
    code: code as AttemptJson['code'],
    checks: checks as AttemptJson['checks'],
    header: header as AttemptJson['header'],
    claims: claims as AttemptJson['claims'],
    email,
    userId,
    clientIp,
    referer,
  };
}

/** The ledger row of a replay key: held while the ledger keeps it (until keep_until, then pruning). */
export async function replayJson(store: ReceiverStore, tenant: string, key: string): Promise<ReplayJson> {
  const row = await store.ledgerEntry(tenant, key);
  return { kind: key.startsWith('jti:') ? 'jti' : 'content', key, held: row !== undefined, usedAt: row?.usedAt ?? null, keepUntil: row?.keepUntil ?? null };
}

async function sessionJson(store: ReceiverStore, hash: string, nowMs: number): Promise<AttemptSessionJson> {
  const row = await store.sessionByHash(hash);
  const ref = sessionRef(hash);
  if (!row) return { ref, state: 'ended', createdAt: null, expiresAt: null };
  return { ref, state: row.expiresAt > nowMs ? 'live' : 'expired', createdAt: row.createdAt, expiresAt: row.expiresAt };
}

/** The single-use values the attempt's checks name, read from the store now (without spending them). */
async function onceNow(store: ReceiverStore, row: AttemptRow, nowMs: number): Promise<OnceNowJson[]> {
  const noted = (row.checks as Check[]).filter((c) => typeof c.once?.value === 'string');
  return Promise.all(
    noted.map(async (c) => {
      const { purpose, value } = c.once as { purpose: string; value: string };
      const peek = await store.onceState(row.tenant, purpose, value, nowMs);
      return {
        check: c.name,
        purpose,
        value,
        state: peek.state,
        issuedAt: peek.state === 'live' ? peek.issuedAtMs : null,
        usedAt: peek.state === 'used' ? peek.usedAtMs : null,
        expiredAt: peek.state === 'expired' ? peek.expiredAtMs : null,
      };
    }),
  );
}

/** An attempt with the ledger row of its key, its single-use values, and the user and session it created. */
export async function attemptDetailJson(deps: Pick<AppDeps, 'store' | 'clock'>, row: AttemptRow & AttemptRefs): Promise<AttemptDetailJson> {
  // Three independent reads: asked together, answered in one round of the store's queue.
  const nowMs = deps.clock.nowMs();
  const [user, replay, once, session] = await Promise.all([
    row.userId !== null ? deps.store.user(row.userId) : undefined,
    row.replayKey ? replayJson(deps.store, row.tenant, row.replayKey) : null,
    onceNow(deps.store, row, nowMs),
    row.sessionHash ? sessionJson(deps.store, row.sessionHash, nowMs) : null,
  ]);
  return { ...attemptJson(row), replay, once, user: user ? userJson(user) : null, session };
}

/** GET /attempts (filtered, newest first) and GET /attempts/:id (with replay, user and session). */
export function addAttemptRoutes(router: ReceiverRouter, deps: AppDeps, guard: ApiGuard): void {
  router.get('/attempts', ...guard, async function listAttempts(ctx: ReceiverContext) {
    const q = readQuery(ctx, attemptQuery);
    const rows = await deps.store.searchAttempts({ tenant: q.tenant, email: q.email, accepted: q.accepted, code: q.code, sinceMs: q.since, limit: q.limit });
    ctx.body = { attempts: rows.map(attemptJson) };
  });

  router.get('/attempts/:id', ...guard, async function getAttempt(ctx: RoutedContext) {
    const raw = ctx.params.id ?? '';
    if (!/^\d{1,15}$/.test(raw)) throw new InvalidRequest([`id must be an attempt number (got ${JSON.stringify(raw.slice(0, 40))})`], 'path');
    const row = await deps.store.attempt(Number(raw));
    if (!row) throw new ReceiverError('attempt_unknown', 'Not Found', `no attempt ${raw}: it was never recorded, or it was pruned or cleared`);
    ctx.body = await attemptDetailJson(deps, row);
  });
}
