import { randomUUID } from 'node:crypto';
import type { ErrorCode } from '../errors';
import { PROFILE_IDS, type ProfileId } from '../vendors';
import { applyBreak, breakKinds, breaksFor, type BreakKind } from './breaks';
import { credentialOf, passingSpec } from './claims';
import { consumeInstructions } from './consume-request';

/**
 * One token as the IdP side would send it, for the CLI's `mint` and the library's `mint()` alike:
 * the profile's passing claims at an instant, optionally broken the way one check exists to catch.
 */
export interface MintOptions {
  profile: ProfileId;
  /** The tenant's shared secret (HMAC key). */
  secret: string;
  email: string;
  /** Display name; split into first_name / last_name for the vendors that take those. */
  name?: string;
  /** Claims set on top of the passing ones (a value of any JSON type). */
  claims?: Record<string, unknown>;
  /** The jti, for the vendors that have one (default: a random UUID). */
  jti?: string;
  /** Mint as of this instant: a Date, milliseconds since the epoch, or an ISO 8601 string (default: now). */
  at?: Date | number | string;
  /** The wrong token a check exists to catch (`mint --help` lists them per profile). */
  break?: BreakKind;
  /** The receiver's or a tenant's base URL: `request` then holds the paste-ready consume request. */
  url?: string;
  /** Parameters the consume request carries beside the token (an OIDC `state` the receiver's /login issued). */
  params?: Record<string, string>;
}

export interface Minted {
  token: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** With `url`: the consume URL, or the curl line and HTML form for POST vendors. */
  request: string | null;
  /** With `break`: what was changed, and which check refuses it with which code. */
  broken: { kind: BreakKind; check: string; code: ErrorCode; explain: string } | null;
}

/** Options that cannot make a token (unknown profile, a break that does not apply, an empty email). */
export class MintOptionsError extends Error {
  override readonly name = 'MintOptionsError';
}

function instant(at: MintOptions['at']): number {
  if (at === undefined) return Date.now();
  const ms = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at;
  if (!Number.isFinite(ms)) throw new MintOptionsError(`at must be a Date, milliseconds since the epoch or an ISO 8601 time (got ${String(at)})`);
  return ms;
}

export async function mint(opts: MintOptions): Promise<Minted> {
  if (!(PROFILE_IDS as readonly string[]).includes(opts.profile))
    throw new MintOptionsError(`profile must be one of ${PROFILE_IDS.join(', ')} (got ${String(opts.profile)})`);
  if (typeof opts.email !== 'string' || !opts.email.trim()) throw new MintOptionsError('email must not be empty');
  if (typeof opts.secret !== 'string' || !opts.secret) throw new MintOptionsError('secret must not be empty');
  if (opts.break !== undefined && !breakKinds().includes(opts.break))
    throw new MintOptionsError(`break must be one of ${breakKinds().join(', ')} (got ${String(opts.break)})`);
  const atMs = instant(opts.at);
  const spec = passingSpec(opts.profile, atMs, { email: opts.email, name: opts.name }, opts.jti ?? randomUUID());
  Object.assign(spec.claims, opts.claims);
  let final = spec;
  let broken: Minted['broken'] = null;
  if (opts.break) {
    const applicable = breaksFor(opts.profile);
    if (!applicable.includes(opts.break)) {
      const why = opts.break === 'replay' ? ` (${opts.profile} does not refuse a second use)` : '';
      throw new MintOptionsError(`break ${opts.break} does not apply to ${opts.profile}${why}; the breaks for ${opts.profile} are: ${applicable.join(', ')}`);
    }
    const result = applyBreak(opts.break, opts.profile, atMs, spec);
    final = result.spec;
    broken = { kind: opts.break, check: result.check, code: result.code, explain: result.explain };
  }
  const token = await credentialOf(opts.profile, final, opts.secret);
  return {
    token,
    header: final.header,
    claims: final.claims,
    request: opts.url ? consumeInstructions(opts.profile, opts.url, token, opts.params) : null,
    broken,
  };
}
