import { createHash, type KeyObject } from 'node:crypto';
import type { Tenant } from '../tenants';
import type { CredentialFormat } from './contract';
import { checkClaim, type ClaimValue } from './claim-rules';
import { claimPath, claimSource, type Profile } from './contract';
import { checkHeader } from './header';
import { onceNotRedeemed } from './once';
import { checkSignature } from './signature';
import { explainAlgConfusion, explainMismatch, type OtherTenantKeys } from './signature-forensics';
import { decodeToken } from './token-format';
import { fail, finish, firstFailure, pass, skip, warn, type Check, type ReplayKey, type Verdict, type Wording } from './verdict';
import { checkWhitelist, type RequestOrigin } from './whitelist';

export interface PipelineInput {
  tenant: Tenant;
  token: string;
  nowMs: number;
  /** The consume request's Referer/Origin; undefined for an offline check. */
  request?: RequestOrigin;
  /**
   * The other tenants on the same receiver, read only when the signature fails: a token signed with
   * one of their secrets is named by tenant id. Absent for an offline check of one tenant.
   */
  otherTenants?: () => Iterable<OtherTenantKeys>;
}

/**
 * The one pipeline every consume route, dry run and CLI check shares: format -> header and alg ->
 * signature -> claim rules -> time window -> whitelist. Replay is decided by the store, in the
 * login transaction, and appended to the verdict there. A failure in the first three stages stops
 * the pipeline (nothing after it can be trusted); claim rules all run so every problem shows.
 */
export async function runPipeline({ tenant, token, nowMs, request, otherTenants }: PipelineInput): Promise<Verdict> {
  const { options } = tenant;
  // Only a profile with a variant (Deskpro strictDocs) pays for a per-request copy.
  const profile = tenant.profile.variant ? { ...tenant.profile, ...tenant.profile.variant(options) } : tenant.profile;
  const checks: Check[] = [];
  const verdict: Verdict = { accepted: false, code: null, message: null, checks, header: null, claims: null, identity: null, replay: null, secretIndex: null };
  const done = (): Verdict => finish(verdict, vendorWords(tenant));

  const read = profile.credential ? readCredential(profile.credential, token, tenant) : await readJws(token, tenant, profile.checkHeader, otherTenants);
  checks.push(...read.checks);
  verdict.header = read.header;
  verdict.claims = read.claims;
  verdict.secretIndex = read.secretIndex;
  if (read.claims === null || read.signedContent === null || firstFailure(checks)) return done();
  const payload = read.claims;
  const signingInput = read.signedContent;

  const values = new Map<string, ClaimValue>();
  for (const declared of profile.claims) {
    // A nested rule (`user.email`) is checked as a claim of that name, read from inside its object.
    const rule = declared.in ? { ...declared, name: claimPath(declared) } : declared;
    const { check, value } = checkClaim(rule, claimSource(declared, payload), {
      vendor: profile.vendor,
      strictTypes: options.strictTypes,
      strict: options.strict,
      maxJtiLength: options.maxJtiLength,
    });
    checks.push(check);
    if (value !== undefined) values.set(rule.name, value);
  }
  const ruleInput = { vendor: profile.vendor, claims: payload, values, nowMs, options };
  if (profile.checkClaims) checks.push(...profile.checkClaims(ruleInput));
  const window = profile.checkTimes(ruleInput);
  checks.push(...window.checks);

  verdict.identity = profile.identity(payload, values);
  if (verdict.identity) checks.push(checkWhitelist(tenant.whitelist, verdict.identity.email, request));
  // A dry run redeems nothing; the consume route replaces these with the store's answers.
  if (profile.once) checks.push(...profile.once.redeem.map(onceNotRedeemed));
  if (profile.replayKey === 'none') {
    checks.push(warn('replay', `${profile.vendor} does not check jti or replays: this token could be used again until it expires`, { reason: 'not_checked' }));
  } else if (profile.replayKey !== 'once' && !firstFailure(checks)) {
    verdict.replay = replayKey(profile.replayKey, tenant, values.get('jti'), signingInput, window.acceptableUntilMs ?? nowMs + UNBOUNDED_KEEP_MS);
  }
  return done();
}

/** The tenant key the header names (`kid`), or a failing check naming the ids the tenant has. */
function selectKey(
  selector: NonNullable<Profile['keySelector']>,
  header: Record<string, unknown>,
  tenant: Tenant,
): { key: KeyObject; check: Check } | { key?: undefined; check: Check } {
  const ids = selector.ids(tenant.options);
  const value = header[selector.header];
  const known = `this tenant's ${selector.header} values: ${ids.join(', ')}`;
  const index = typeof value === 'string' ? ids.indexOf(value) : -1;
  const key = tenant.keys[index];
  if (index < 0 || !key) {
    const what = value === undefined ? `header has no "${selector.header}"` : `${selector.header} ${JSON.stringify(value)} names no signing key`;
    return {
      check: fail('key_id', 'signature_invalid', `${what}; ${tenant.profile.vendor} picks the key by it (${known})`, {
        reason: value === undefined ? 'missing' : 'unknown_key_id',
        actual: typeof value === 'string' ? value : null,
      }),
    };
  }
  return { key, check: pass('key_id', `${selector.header} ${value as string} names signing key #${index + 1} of ${ids.length}`) };
}

/** What the stages before the claim rules found: their checks, and the claims once the signature held. */
interface ReadToken {
  checks: Check[];
  header: Record<string, unknown> | null;
  /** The decoded claims (shown even when the signature failed), or null when unreadable. */
  claims: Record<string, unknown> | null;
  /** The signed text once the signature verified; null otherwise. */
  signedContent: string | null;
  secretIndex: number | null;
}

const claimsUnchecked = (): Check => skip('claims', 'not checked: the claims of an unverified token mean nothing');

/** A compact JWS: format -> header and alg -> signature, with forensics when one refuses it. */
async function readJws(
  token: string,
  tenant: Tenant,
  vendorHeaderRules: Profile['checkHeader'],
  otherTenants: PipelineInput['otherTenants'],
): Promise<ReadToken> {
  const { options } = tenant;
  const checks: Check[] = [];
  const format = decodeToken(token, options.maxTokenBytes);
  checks.push(format.check);
  if (!format.decoded) return { checks, header: null, claims: null, signedContent: null, secretIndex: null };
  const { header, payload, signingInput, signature: signaturePart } = format.decoded;
  const unverified = { checks, header, claims: payload, signedContent: null, secretIndex: null };
  // The signed parts: what the HMAC is checked on, and what forensics reads when a stage refuses the token.
  const evidence = () => ({ alg: String(header.alg), signingInput, signature: signaturePart });
  const { keySelector } = tenant.profile;

  checks.push(...checkHeader(header, tenant.algorithms, tenant.profile.vendor, keySelector?.header));
  if (vendorHeaderRules && !firstFailure(checks)) checks.push(...vendorHeaderRules(header, options));
  const refusedHeader = firstFailure(checks);
  if (refusedHeader) {
    const publicKey = tenant.keys[0];
    if (refusedHeader.name === 'alg' && publicKey?.type === 'public') {
      const confusion = explainAlgConfusion(evidence(), publicKey, options.publicKey ?? null);
      if (confusion) Object.assign(refusedHeader, { ...confusion, message: `${refusedHeader.message}; ${confusion.message}` });
    }
    // No `claims` skip here: a refused header stops the pipeline before the signature, as before.
    return { ...unverified, header };
  }

  const selected = keySelector ? selectKey(keySelector, header, tenant) : null;
  if (selected?.check) checks.push(selected.check);
  // A kid naming no key stops here, before any signature is tried (as a refused header does).
  if (firstFailure(checks)) return { ...unverified, header };
  const signature = await checkSignature(token, evidence(), selected?.key ? [selected.key] : tenant.keys, tenant.algorithms);
  if (signature.mismatch) {
    const { message, ...diagnosis } = explainMismatch(evidence(), tenant, otherTenants);
    checks.push(fail('signature', 'signature_invalid', message, diagnosis));
  } else {
    checks.push(signature.check);
  }
  if (firstFailure(checks)) {
    checks.push(claimsUnchecked());
    return { ...unverified, secretIndex: signature.secretIndex };
  }
  return { checks, header, claims: payload, signedContent: signingInput, secretIndex: signature.secretIndex };
}

/** A credential of the vendor's own (not a JWT): its size, then the vendor's reader and verifier. */
function readCredential(format: CredentialFormat, token: string, tenant: Tenant): ReadToken {
  const bytes = Buffer.byteLength(token);
  const { maxTokenBytes } = tenant.options;
  if (bytes > maxTokenBytes) {
    const check = fail('format', 'token_too_large', `the ${format.name} is ${bytes} bytes; the tenant reads at most ${maxTokenBytes}`, {
      reason: 'too_large',
      actual: bytes,
      limit: maxTokenBytes,
      unit: 'bytes',
    });
    return { checks: [check], header: null, claims: null, signedContent: null, secretIndex: null };
  }
  const read = format.verify(new URLSearchParams(token), tenant.secrets, tenant.options);
  if (read.checks.some((c) => c.name === 'signature' && c.status === 'fail')) read.checks.push(claimsUnchecked());
  return read;
}

/** How long a replay key of a token with no time bound is kept. */
const UNBOUNDED_KEEP_MS = 30 * 24 * 3600 * 1000;

function replayKey(kind: 'jti' | 'content', tenant: Tenant, jti: ClaimValue | undefined, signingInput: string, acceptableUntilMs: number): ReplayKey | null {
  const keepUntilMs = acceptableUntilMs + tenant.options.replayMarginSeconds * 1000;
  if (kind === 'jti') {
    return jti === undefined ? null : { kind: 'jti', key: `jti:${jti}`, keepUntilMs };
  }
  // Keyed on the signed content, not the token text: the signature part has spare bits.
  return { kind: 'content', key: `sha256:${createHash('sha256').update(signingInput).digest('base64url')}`, keepUntilMs };
}

/** The tenant's vendor's words for a refusal: by the failed check where it matters, else by code. */
export function vendorWords(tenant: Pick<Tenant, 'profile' | 'algorithms' | 'options'>): Wording {
  return (failed, code) => tenant.profile.message?.(failed, tenant) ?? tenant.profile.messages[code] ?? tenant.profile.fallbackMessage;
}
