/**
 * The stable names a check's fields take, with no import of their own: the verdict (verdict.ts), the
 * inspection API's schemas and, through those, the debugger page in the browser read them.
 */
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
  'unknown_key_id',
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
  'other_browser',
  'unspent',
  'spent',
  'not_checked',
  'store_unavailable',
] as const;

/**
 * What became of a single-use value (an OIDC state or nonce, a DiscourseConnect nonce) a consume
 * request brought back: `redeemed` by this login; `used`, `expired` or `unknown` (never issued, or
 * pruned) as the store answered; `other_browser` (issued to another browser, left unspent);
 * `missing` (not brought back); `not_redeemed` (the login was refused before its turn, or a dry run).
 */
export const ONCE_OUTCOMES = ['redeemed', 'used', 'expired', 'unknown', 'other_browser', 'missing', 'not_redeemed'] as const;

/** The units of a check's `actual` and `limit`. */
export const UNITS = ['s', 'ms', 'characters', 'bytes', 'parts'] as const;

export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'skip'] as const;
