import type { TenantOptions } from '../../config/schema';
import { optionValue } from '../../config/setting';
import { fail, pass, warn, type Check } from '../../verify/verdict';
import type { TimeRuleInput, TimeRuleResult } from '../../verify/contract';
import { FRESHDESK_SIMPLE_SSO_OPTIONS } from './options';

/** SSO_ALLOWED_IN_SECS_LIMITATION: "No of seconds interval after which the sso login expires", both ways. */
export const WINDOW_SECONDS = 30;
/** SSO_ALLOWED_IN_SECS and SSO_CLOCK_DRIFT: the window before the limitation (an account flag keeps it). */
export const LEGACY_BACK_SECONDS = 1800;
export const LEGACY_AHEAD_SECONDS = 60;

/** How far back and ahead `timestamp` may be for a tenant with these options. */
export function windowOf(options: TenantOptions): { back: number; ahead: number } {
  return optionValue(options, FRESHDESK_SIMPLE_SSO_OPTIONS, 'simpleSsoLegacyWindow')
    ? { back: LEGACY_BACK_SECONDS, ahead: LEGACY_AHEAD_SECONDS }
    : { back: WINDOW_SECONDS, ahead: WINDOW_SECONDS };
}

export const windowText = (options: TenantOptions): string => {
  const { back, ahead } = windowOf(options);
  return `timestamp at most ${back} s old and ${ahead} s ahead; a used hash refused meanwhile`;
};

/**
 * `params[:timestamp].to_i.between?(now - back, now + ahead)` (user_sessions_controller.rb
 * check_sso_params), read strictly: a timestamp that is not a whole number of seconds is refused
 * (Ruby's to_i would read "1.7e9" as 1 and "abc" as 0, which fail the window anyway).
 */
export function checkTimestamp({ claims, nowMs, options }: TimeRuleInput): TimeRuleResult {
  const raw = claims.timestamp;
  if (typeof raw !== 'string') return { checks: [], acceptableUntilMs: null };
  const { back, ahead } = windowOf(options);
  if (!/^\d{1,12}$/.test(raw)) {
    const check = fail(
      'timestamp_window',
      'claim_invalid',
      `timestamp is ${JSON.stringify(raw.slice(0, 24))}, not whole seconds since the epoch; Freshdesk reads it with to_i, so it falls outside the window`,
      { claim: 'timestamp', reason: /^\d+\.\d+$/.test(raw) ? 'fractional' : 'wrong_type', actual: raw },
    );
    return { checks: [check], acceptableUntilMs: null };
  }
  const timestamp = Number(raw);
  const off = Math.floor(nowMs / 1000) - timestamp;
  const limit = `Freshdesk accepts ${back} s back and ${ahead} s ahead`;
  const checks: Check[] = [];
  if (off > back) {
    checks.push(
      fail('timestamp_window', 'token_expired', `timestamp is ${off} s old; ${limit}, ${off - back} s too late: build the URL just before the redirect`, {
        claim: 'timestamp',
        reason: 'too_old',
        actual: off,
        limit: back,
        unit: 's',
      }),
    );
  } else if (-off > ahead) {
    checks.push(
      fail('timestamp_window', 'token_not_yet_valid', `timestamp is ${-off} s in the future; ${limit}: the IdP's clock is fast (run NTP)`, {
        claim: 'timestamp',
        reason: 'in_future',
        actual: -off,
        limit: ahead,
        unit: 's',
      }),
    );
  } else if (off < 0) {
    checks.push(
      warn('timestamp_window', `timestamp is ${-off} s in the future, inside the ${ahead} s Freshdesk allows; the IdP's clock is ahead`, {
        claim: 'timestamp',
        reason: 'in_future',
        actual: -off,
        limit: ahead,
        unit: 's',
      }),
    );
  } else {
    checks.push(pass('timestamp_window', `timestamp is ${off} s old; ${limit}`, { claim: 'timestamp', actual: off, limit: back, unit: 's' }));
  }
  // Freshdesk remembers a used hash for back + ahead seconds; past timestamp + back it is refused by the window anyway.
  return { checks, acceptableUntilMs: (timestamp + back) * 1000 };
}
