import { jsonPostRequest } from '../../mint/delivery';
import { DEFAULT_TOLERANCE_SECONDS, splitName, type BreakDef, type TokenFactory } from '../../mint/factory';
import { MAX_SPAN_MS } from './contract';

/** Zoho's Java sample uses a 300000 ms window. */
const SPAN_MS = 300_000;

/** The wrong tokens only Zoho's contract has a check for. */
const ZOHO_BREAKS: Readonly<Record<string, BreakDef>> = {
  'seconds-window': {
    doc: 'Zoho: not_before / not_after in seconds instead of milliseconds',
    applies: () => true,
    apply: (spec) => {
      spec.claims.not_before = Math.floor((spec.claims.not_before as number) / 1000);
      spec.claims.not_after = Math.floor((spec.claims.not_after as number) / 1000);
      return { check: 'not_before', code: 'claim_invalid', explain: `not_before ${String(spec.claims.not_before)} is in seconds; Zoho expects milliseconds` };
    },
  },
  'long-window': {
    doc: `Zoho: not_after - not_before of 15 minutes (Zoho allows ${MAX_SPAN_MS} ms)`,
    applies: () => true,
    apply: (spec) => {
      spec.claims.not_after = (spec.claims.not_before as number) + 900_000;
      return { check: 'validity_span', code: 'claim_invalid', explain: `not_after - not_before is 900000 ms; Zoho allows at most ${MAX_SPAN_MS} ms` };
    },
  },
  'not-verified': {
    doc: 'Zoho: email_verified false',
    applies: () => true,
    apply: (spec) => {
      spec.claims.email_verified = false;
      return { check: 'email_verified_true', code: 'email_not_verified', explain: 'email_verified is false; Zoho signs in verified addresses only' };
    },
  },
};

/** What a Zoho ASAP IdP sends (the seed's Java sample): the email, verified, a window in milliseconds; exchanged as JSON. */
export const zohoAsapFactory: TokenFactory = {
  timeModel: { kind: 'ms-window', spanMs: SPAN_MS, maxSpanMs: MAX_SPAN_MS, toleranceMs: DEFAULT_TOLERANCE_SECONDS * 1000 },
  passingClaims: (atMs, { email, name }) => {
    const start = Math.floor(atMs);
    return { email, email_verified: true, not_before: start, not_after: start + SPAN_MS, ...splitName(name) };
  },
  breaks: ZOHO_BREAKS,
  consumeRequest: (target, token) => jsonPostRequest(target, 'jwt', token),
};
