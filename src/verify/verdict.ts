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
] as const;
export type Finding = (typeof FINDINGS)[number];

/** What a check adds beside its sentence when it recognised the mistake. */
export interface Diagnosis {
  finding?: Finding;
  /** How to fix it, with one-liners for the common IdP languages (src/verify/hints.ts). */
  hint?: string;
}

/** One named rule applied to a token, with the numbers in its message. */
export interface Check extends Diagnosis {
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

export const pass = (name: string, message: string): Check => ({ name, status: 'pass', message });
export const warn = (name: string, message: string, diagnosis?: Diagnosis): Check => ({ name, status: 'warn', message, ...diagnosis });
export const skip = (name: string, message: string): Check => ({ name, status: 'skip', message });
export const fail = (name: string, code: ErrorCode, message: string, diagnosis?: Diagnosis): Check => ({ name, status: 'fail', code, message, ...diagnosis });

export function firstFailure(checks: readonly Check[]): Check | undefined {
  return checks.find((c) => c.status === 'fail');
}

/** Sets accepted and code from the checks: the first failing check decides. */
export function settle(verdict: Verdict): Verdict {
  const failure = firstFailure(verdict.checks);
  verdict.accepted = !failure;
  verdict.code = failure?.code ?? null;
  return verdict;
}
