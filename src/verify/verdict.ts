import type { ErrorCode } from '../errors';
import type { Identity } from '../vendors';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/**
 * Stable identifiers of a mistake the receiver recognised (tests and tools assert on these, never on
 * the message): the token's text, the secret's encoding, the algorithm, the signed serialisation,
 * the unit of a time claim.
 */
export const FINDINGS = [
  'token_whitespace_around',
  'token_space_inside',
  'token_whitespace_inside',
  'base64_padding',
  'base64_standard_alphabet',
  'secret_base64_decoded',
  'secret_hex_decoded',
  'secret_base64_encoded',
  'secret_hex_encoded',
  'secret_trailing_whitespace',
  'secret_trimmed',
  'other_tenant_secret',
  'alg_mismatch',
  'signing_input_reencoded',
  'signature_hex_digest',
  'signature_wrong_length',
  'alg_confusion_public_key',
  'time_in_milliseconds',
  'time_in_seconds',
  'time_fractional',
  'time_as_string',
  'double_submit',
] as const;
export type Finding = (typeof FINDINGS)[number];

/** What a check adds beside its sentence when it recognised the mistake. */
export interface Diagnosis {
  finding?: Finding;
  /** How to fix it, with one-liners for the common IdP languages (src/verify/hints.ts). */
  hint?: string;
}

/**
 * Why a check came out as it did, as a stable identifier (tests, the debugger and tools read these,
 * never the sentence), as jose's JWTClaimValidationFailed carries `reason`.
 */
export const REASONS = [
  // time windows
  'too_old',
  'in_future',
  'expired',
  'not_yet_valid',
  'span_too_long',
  'span_not_positive',
  'span_short',
  // claim types and sizes
  'missing',
  'wrong_type',
  'milliseconds',
  'seconds',
  'fractional',
  'numeric_string',
  'not_integer',
  'not_finite',
  'implausible',
  'not_one_of',
  'empty',
  'too_long',
  'too_large',
  'json_string',
  'comma_separated',
  'not_verified',
  'malformed',
  'part_count',
  // replay
  'replayed',
  'unspent',
  'spent',
  'not_checked',
  'store_unavailable',
] as const;
export type Reason = (typeof REASONS)[number];

export const UNITS = ['s', 'ms', 'characters', 'bytes', 'parts'] as const;
export type Unit = (typeof UNITS)[number];

/**
 * The numbers and names of a check beside its sentence: `actual` compared with `limit`, both in
 * `unit`. `actual` keeps the claim's JSON type (a boolean stays a boolean, an array an array).
 */
export interface CheckFields {
  /** The claim the check is about (`iat`, `not_after`, `jti`). */
  claim?: string;
  reason?: Reason;
  actual?: unknown;
  limit?: number;
  unit?: Unit;
  /** Replay: the attempt that first spent the key, when still recorded (null: pruned or cleared). */
  firstAttempt?: number | null;
}

/** What a helper takes beside the sentence: the diagnosis and the fields. */
export type CheckDetail = Diagnosis & CheckFields;

/** One named rule applied to a token, with the numbers in its message and in its fields. */
export interface Check extends Diagnosis, CheckFields {
  name: string;
  status: CheckStatus;
  message: string;
  /** Set on a failing check: the stable code it refuses with. */
  code?: ErrorCode;
}

export interface ReplayKey {
  kind: 'jti' | 'content';
  key: string;
  /** After this instant no token carrying the key could be accepted, so the ledger may forget it. */
  keepUntilMs: number;
}

/** The ordered checks for one token, the first failure's code, and the vendor's own message. */
export interface Verdict {
  accepted: boolean;
  code: ErrorCode | null;
  /** What the vendor shows for this refusal (its documented words where there are any). */
  message: string | null;
  checks: Check[];
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  identity: Identity | null;
  replay: ReplayKey | null;
  /** Which of the tenant's secrets verified the signature (0 is the first). */
  secretIndex: number | null;
}

export const pass = (name: string, message: string, detail?: CheckDetail): Check => ({ name, status: 'pass', message, ...detail });
export const warn = (name: string, message: string, detail?: CheckDetail): Check => ({ name, status: 'warn', message, ...detail });
export const skip = (name: string, message: string, detail?: CheckDetail): Check => ({ name, status: 'skip', message, ...detail });
export const fail = (name: string, code: ErrorCode, message: string, detail?: CheckDetail): Check => ({ name, status: 'fail', code, message, ...detail });

export function firstFailure(checks: readonly Check[]): Check | undefined {
  return checks.find((c) => c.status === 'fail');
}

/** The vendor's words for a failed check, where they depend on it (src/verify/contract.ts Profile.message). */
export type Wording = (failed: Check, code: ErrorCode) => string;

/**
 * The one place a verdict's outcome is fixed: accepted and code from the first failing check, and
 * the vendor's message for it. Called again whenever a check is appended (the replay check).
 */
export function finish(verdict: Verdict, words: Wording): Verdict {
  const failure = firstFailure(verdict.checks);
  verdict.accepted = !failure;
  verdict.code = failure?.code ?? null;
  verdict.message = failure?.code ? words(failure, failure.code) : null;
  return verdict;
}
