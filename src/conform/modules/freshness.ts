import { createHash } from 'node:crypto';
import type { Capture, ModuleFactory } from '../types';
import { evidence, indexOf, outcome, skipped, unreached } from './support';

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
    const first = await ctx.login({ label: 'fresh-replay-key: first login' });
    const second = await ctx.login({ label: 'fresh-replay-key: second login' });
    const [a, b] = [indexOf(ctx.captures, first), indexOf(ctx.captures, second)];
    const missed = [unreached(first, a), unreached(second, b)].filter((e) => e !== null);
    if (missed.length > 0) return outcome('a login did not reach the receiver', missed);
    if (contract.replayKey === 'none' && first.attempt?.claims?.jti === undefined)
      return skipped(`${contract.vendor} has no replay key and the IdP sends no jti`);
    const key = contract.replayKey === 'none' ? 'jti' : contract.replayKey;
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
    const first = await ctx.login({ label: 're-login: first login' });
    // A new second, so a token minted again differs in iat even without a jti.
    await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));
    const second = await ctx.login({ label: 're-login: again with the IdP session live', keepSession: true });
    const [a, b] = [indexOf(ctx.captures, first), indexOf(ctx.captures, second)];
    const missed = [unreached(first, a), unreached(second, b)].filter((e) => e !== null);
    if (missed.length > 0) return outcome('a login did not reach the receiver', missed);
    const [x, y] = [replayValue(first, 'content'), replayValue(second, 'content')];
    if (x === null || y === null) return skipped('the tokens could not be read to compare');
    return x === y
      ? outcome('the IdP sent the first token again', [
          evidence('FAILURE', 'the second login carried the same claims as the first, a second later: the IdP re-sent a kept token', b, { first: a }),
        ])
      : outcome('the IdP minted a new token', [evidence('SUCCESS', 'the claims differ between the two logins', b)]);
  },
});
