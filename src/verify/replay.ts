import { fail, pass, skip, type Check, type CheckFields, type ReplayKey } from './verdict';

/**
 * What the replay ledger says of a key: this login `spent` it, it is `unspent` (a dry run's
 * look-up), or it was `replayed`: spent before, at `usedAtMs`, by attempt `firstAttempt` (null when
 * that attempt was pruned or cleared).
 */
export type LedgerAnswer = { state: 'spent' } | { state: 'unspent' } | { state: 'replayed'; usedAtMs: number; firstAttempt: number | null };

/** How a consume request or a dry run applies the ledger's answer. */
export type ReplayMode = 'consume' | 'dry-run';

/** A second use this soon after the first is the same request sent twice (a retry, a double click), not a token kept and sent again later. */
export const DOUBLE_SUBMIT_MS = 1000;

/**
 * The one author of the `replay` check, for a consume request and a dry run alike: the ledger's
 * answer in words and in fields (`actual`: seconds since the first use, `firstAttempt`).
 */
export function replayCheck(key: ReplayKey, answer: LedgerAnswer, nowMs: number, mode: ReplayMode): Check {
  const jti = key.kind === 'jti';
  const what = jti ? `jti ${key.key.slice(4)}` : 'this exact token (its signed content)';
  const claim: CheckFields = jti ? { claim: 'jti' } : {};
  if (answer.state === 'replayed') {
    const ago = Math.round((nowMs - answer.usedAtMs) / 1000);
    const fields: CheckFields = { ...claim, reason: 'replayed', actual: ago, unit: 's', firstAttempt: answer.firstAttempt };
    const by = answer.firstAttempt === null ? '' : ` by attempt ${answer.firstAttempt}`;
    const first = answer.firstAttempt === null ? '' : ` (first used by attempt ${answer.firstAttempt})`;
    if (mode === 'dry-run') {
      return skip(
        'replay',
        `dry run: not applied; ${what} is held in the ledger (used ${ago} s ago${by}), so a consume request would be refused with token_replayed`,
        fields,
      );
    }
    const token = jti ? key.key.slice(4) : 'this exact token';
    const advice = jti ? 'each login needs a fresh jti' : 'mint a new one for each login';
    if (nowMs - answer.usedAtMs < DOUBLE_SUBMIT_MS) {
      const hint =
        'the first request logged the user in; stop the second one (disable the button after the first click, no automatic retry of a redirect), not the token';
      const double = 'but within a second of the first use this is a double submit (a retry or a double click)';
      return fail('replay', 'token_replayed', `${token} was already used ${ago} s ago; ${advice}, ${double}${first}`, {
        ...fields,
        finding: 'double_submit',
        hint,
      });
    }
    return fail('replay', 'token_replayed', `${token} was already used ${ago} s ago; ${advice}${first}`, fields);
  }
  if (mode === 'dry-run') {
    return skip('replay', `dry run: not applied; ${what} is not in the ledger, so a consume request now would spend it`, { ...claim, reason: 'unspent' });
  }
  const until = new Date(key.keepUntilMs).toISOString();
  return pass(
    'replay',
    jti
      ? `jti not seen before; remembered until ${until}`
      : `first use of this token (no jti in this vendor's contract, so its signed content is the key); remembered until ${until}`,
    { ...claim, reason: 'spent' },
  );
}

/** A consume request whose token was refused before it had a replay key, or a dry run of one. */
export function replayNotApplied(mode: ReplayMode): Check {
  return mode === 'dry-run'
    ? skip('replay', 'dry run: not applied; the token failed an earlier check, so it has no replay key', { reason: 'not_checked' })
    : pass('replay', 'no replay key', { reason: 'not_checked' });
}

/** The login could not be written: refused, since nobody is logged in without the ledger. */
export function replayUnrecorded(database: string, sqliteReason: string): Check {
  return fail(
    'replay',
    'store_unavailable',
    `the login could not be recorded in ${database} (${sqliteReason}); refused rather than logged in without the replay ledger`,
    { reason: 'store_unavailable' },
  );
}
