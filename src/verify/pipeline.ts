import { createHash } from 'node:crypto';
import type { Tenant } from '../tenants';
import { maxIatAge } from '../tenants';
import { checkClaim, type ClaimValue } from './claim-rules';
import { checkHeader } from './header';
import { checkSignature } from './signature';
import { checkIatWindow, checkRegisteredTimes } from './time-window';
import { decodeToken } from './token-format';
import { firstFailure, settle, skip, type Check, type ReplayKey, type Verdict } from './verdict';
import { checkWhitelist, type RequestOrigin } from './whitelist';

export interface PipelineInput {
  tenant: Tenant;
  token: string;
  nowMs: number;
  /** The consume request's Referer/Origin; undefined for an offline check. */
  request?: RequestOrigin;
}

/**
 * The one pipeline every consume route, dry run and CLI check shares: format -> header and alg ->
 * signature -> claim rules -> time window -> whitelist. Replay is decided by the store, in the
 * login transaction, and appended to the verdict there. A failure in the first three stages stops
 * the pipeline (nothing after it can be trusted); claim rules all run so every problem shows.
 */
export async function runPipeline({ tenant, token, nowMs, request }: PipelineInput): Promise<Verdict> {
  const { profile, options } = tenant;
  const checks: Check[] = [];
  const verdict: Verdict = { accepted: false, code: null, message: null, checks, header: null, claims: null, identity: null, replay: null, secretIndex: null };
  const done = (): Verdict => conclude(verdict, tenant);

  const format = decodeToken(token, options.maxTokenBytes);
  checks.push(format.check);
  if (!format.decoded) return done();
  const { header, payload, signingInput } = format.decoded;
  verdict.header = header;
  verdict.claims = payload;

  checks.push(...checkHeader(header, profile.algorithms, profile.vendor));
  if (firstFailure(checks)) return done();

  const signature = await checkSignature(token, tenant.secrets, profile.algorithms);
  checks.push(signature.check);
  verdict.secretIndex = signature.secretIndex;
  if (firstFailure(checks)) {
    checks.push(skip('claims', 'not checked: the claims of an unverified token mean nothing'));
    return done();
  }

  const values = new Map<string, ClaimValue>();
  for (const rule of profile.claims) {
    const { check, value } = checkClaim(rule, payload, { vendor: profile.vendor, strictTypes: options.strictTypes, maxJtiLength: options.maxJtiLength });
    checks.push(check);
    if (value !== undefined) values.set(rule.name, value);
  }
  const nowSeconds = Math.floor(nowMs / 1000);
  const iat = values.get('iat');
  if (typeof iat === 'number') {
    checks.push(checkIatWindow(iat, nowSeconds, { vendor: profile.vendor, maxIatAgeSeconds: maxIatAge(tenant), futureToleranceSeconds: options.futureIatToleranceSeconds }));
  }
  checks.push(...checkRegisteredTimes(payload, nowSeconds, options.futureIatToleranceSeconds));

  const email = values.get('email');
  if (typeof email === 'string') {
    checks.push(checkWhitelist(tenant.whitelist, email, request));
    verdict.identity = profile.identity(payload, email);
  }
  if (typeof iat === 'number') verdict.replay = replayKey(tenant, values.get('jti'), signingInput, iat);
  return done();
}

function replayKey(tenant: Tenant, jti: ClaimValue | undefined, signingInput: string, iat: number): ReplayKey | null {
  const keepUntilMs = (iat + maxIatAge(tenant) + tenant.options.replayMarginSeconds) * 1000;
  if (tenant.profile.replayKey === 'jti') {
    return jti === undefined ? null : { kind: 'jti', key: `jti:${jti}`, keepUntilMs };
  }
  // Keyed on the signed content, not the token text: the signature part has spare bits.
  return { kind: 'content', key: `sha256:${createHash('sha256').update(signingInput).digest('base64url')}`, keepUntilMs };
}

/** Fixes accepted/code/message from the checks; called again after the store appends `replay`. */
export function conclude(verdict: Verdict, tenant: Tenant): Verdict {
  const { code } = settle(verdict);
  verdict.message = code ? (tenant.profile.messages[code] ?? tenant.profile.fallbackMessage) : null;
  return verdict;
}
