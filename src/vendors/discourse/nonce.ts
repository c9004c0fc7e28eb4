import type { TenantOptions } from '../../config/schema';
import { optionValue } from '../../config/setting';
import type { OnceValues, Redeemed } from '../../verify/once';
import { fail, pass, type Check } from '../../verify/verdict';
import { DISCOURSE_OPTIONS } from './options';

/** DiscourseConnect#nonce_error, in its order of precedence (what `verbose_discourse_connect_logging` writes). */
export const NONCE_USED = 'Nonce has already been used';
export const NONCE_INVALID = 'Nonce is incorrect, or has expired';
/** nonce_error's words with discourse_connect_csrf_protection on (Discourse's default). */
export const NONCE_INVALID_CSRF = 'Nonce is incorrect, was generated in a different browser session, or has expired';
/** DiscourseConnectBase.used_nonce_expiry_time: how long a used nonce is remembered. */
export const USED_NONCE_MEMORY_MS = 24 * 3600 * 1000;
/** What /session/sso issues nonces for in the store. */
export const NONCE_PURPOSE = 'discourse-nonce';

export const nonceLifetimeMs = (options: TenantOptions): number => optionValue(options, DISCOURSE_OPTIONS, 'discourseNonceLifetimeSeconds') * 1000;
export const csrfProtection = (options: TenantOptions): boolean => optionValue(options, DISCOURSE_OPTIONS, 'discourseCsrfProtection');

/** Discourse's nonce_error for a nonce that is not a fresh one: "used" first, then the setting's words. */
export const nonceError = (reason: string | undefined, options: TenantOptions): string =>
  reason === 'replayed' ? NONCE_USED : csrfProtection(options) ? NONCE_INVALID_CSRF : NONCE_INVALID;

/** What /session/sso keeps with a nonce: the page to return to (DiscourseConnect#register_nonce). */
export interface NonceData {
  returnPath: string;
}

function judge([redeemed]: readonly Redeemed[], { nowMs, options }: { nowMs: number; options: TenantOptions }): Check[] {
  const answer = redeemed?.answer ?? null;
  const lifetime = nonceLifetimeMs(options);
  const invalid = (why: string, reason: 'replayed' | 'expired' | 'missing' | 'not_one_of' | 'other_browser', fields: Partial<Check> = {}) =>
    fail('nonce_valid', 'nonce_invalid', `${why}: "${nonceError(reason, options)}"`, { claim: 'nonce', reason, ...fields });
  if (answer === null) return [invalid('the payload has no nonce', 'missing')];
  switch (answer.state) {
    case 'used':
      return [
        invalid(`this nonce was used ${Math.round((nowMs - answer.usedAtMs) / 1000)} s ago; start a new login at /session/sso`, 'replayed', {
          actual: Math.round((nowMs - answer.usedAtMs) / 1000),
          unit: 's',
        }),
      ];
    case 'unknown':
      return [invalid('this receiver never issued this nonce (or it was pruned): echo the nonce of the sso it sent, from its /session/sso', 'not_one_of')];
    case 'expired':
      return [invalid('this nonce expired and is no longer remembered', 'expired')];
    case 'other-browser':
      // SessionController#sso_login: with discourse_connect_csrf_protection the nonce lives in the server session of the browser that asked for it.
      return [
        invalid(
          `this nonce was issued ${Math.round((nowMs - answer.issuedAtMs) / 1000)} s ago to another browser session (discourseCsrfProtection): the browser that opened /session/sso must bring the answer back; it stays valid for that browser`,
          'other_browser',
        ),
      ];
    case 'redeemed': {
      const age = Math.round((nowMs - answer.issuedAtMs) / 1000);
      if (nowMs - answer.issuedAtMs > lifetime)
        return [
          invalid(`this nonce was issued ${age} s ago; Discourse keeps one ${lifetime / 1000} s (discourseNonceLifetimeSeconds)`, 'expired', {
            actual: age,
            limit: lifetime / 1000,
            unit: 's',
          }),
        ];
      return [
        pass('nonce_valid', `nonce issued by /session/sso ${age} s ago, now used (remembered 24 h)`, {
          claim: 'nonce',
          actual: age,
          limit: lifetime / 1000,
          unit: 's',
        }),
      ];
    }
  }
}

/** The nonce /session/sso issued, redeemed from the payload's `nonce` field; the login lands on its return_path. */
export const discourseNonce: OnceValues = {
  redeem: [{ purpose: NONCE_PURPOSE, from: { claim: 'nonce' }, check: 'nonce_valid', boundToBrowser: csrfProtection }],
  judge,
  landing: ([redeemed]) => {
    const answer = redeemed?.answer;
    if (answer?.state !== 'redeemed') return null;
    const path = (answer.data as NonceData | null)?.returnPath;
    // "never supporting redirects back to any url with /session/sso in it" (sso_login).
    return typeof path === 'string' && !path.includes('/session/sso') ? path : null;
  },
};
