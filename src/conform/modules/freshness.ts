import { createHash } from 'node:crypto';
import type { Capture, ModuleFactory } from '../types';
import { evidence, outcome, skipped, twoLogins } from './support';

/** What makes two tokens the same to the vendor: the jti, or (vendors without one) the whole content. */
function replayValue(capture: Capture, key: 'jti' | 'content' | 'none'): string | null {
  const claims = capture.attempt?.claims;
  if (!claims) return null;
  if (key === 'jti') return claims.jti === undefined ? null : JSON.stringify(claims.jti);
  return createHash('sha256').update(JSON.stringify(claims)).digest('hex').slice(0, 16);
}

/** Two logins in fresh IdP sessions carry two different replay keys (a jti, or different content). */
export const freshReplayKey: ModuleFactory = (contract) => ({
  id: 'fresh-replay-key',
  title: contract.replayKey === 'jti' ? 'A fresh jti on each login' : 'A different token on each login',
  rule:
    contract.replayKey === 'jti'
      ? `${contract.vendor} refuses a jti it has seen (replay protection)`
      : contract.replayKey === 'content'
        ? `${contract.vendor} refuses a token it has seen (no jti: by content)`
        : `${contract.vendor} checks no replay key; a fresh jti is still what a careful IdP sends`,
  source: contract.sources[0] ?? '',
  async run(ctx) {
    const { first, second, a, b, missed } = await twoLogins(ctx, 'fresh-replay-key');
    if (missed) return missed;
    // A login the receiver started is single use by its own state/nonce; the IdP's jti, when sent, is still compared.
    const ownKey = contract.replayKey === 'none' || contract.replayKey === 'once';
    if (ownKey && first.attempt?.claims?.jti === undefined)
      return skipped(
        contract.replayKey === 'once'
          ? `${contract.vendor} makes each login single use by the value the receiver issued (state/nonce), and the IdP sends no jti`
          : `${contract.vendor} has no replay key and the IdP sends no jti`,
      );
    const key = contract.replayKey === 'content' ? 'content' : 'jti';
    const [x, y] = [replayValue(first, key), replayValue(second, key)];
    if (x === null || y === null) return skipped(`no ${key} in the tokens to compare (the happy path names what is missing)`);
    const what = key === 'jti' ? `jti ${x}` : `a token with identical claims (${x})`;
    return x === y
      ? outcome(`the IdP sent ${what} twice`, [
          evidence('FAILURE', `both logins carried ${what}: ${contract.vendor} refuses the second as a replay`, b, { first: a, second: b }),
        ])
      : outcome(`two logins, two different ${key === 'jti' ? 'jti values' : 'tokens'}`, [evidence('SUCCESS', `${x} then ${y}`, b)]);
  },
});

/** A second login while the IdP session is live yields a new token, not the first one sent again. */
export const reloginNewToken: ModuleFactory = (contract) => ({
  id: 're-login',
  title: 'Re-login with a live IdP session yields a new token',
  rule: `a token is good for one login: ${contract.vendor} ${contract.replayKey === 'none' ? 'lets it expire' : 'refuses it a second time'}; the IdP must mint again`,
  source: contract.sources[0] ?? '',
  async run(ctx) {
    // A new second before the second login, so a token minted again differs in iat even without a jti.
    const { first, second, a, b, missed } = await twoLogins(ctx, 're-login', { label: 'again with the IdP session live', keepSession: true, newSecond: true });
    if (missed) return missed;
    const [x, y] = [replayValue(first, 'content'), replayValue(second, 'content')];
    if (x === null || y === null) return skipped('the tokens could not be read to compare');
    return x === y
      ? outcome('the IdP sent the first token again', [
          evidence('FAILURE', 'the second login carried the same claims as the first, a second later: the IdP re-sent a kept token', b, { first: a }),
        ])
      : outcome('the IdP minted a new token', [evidence('SUCCESS', 'the claims differ between the two logins', b)]);
  },
});
