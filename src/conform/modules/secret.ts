import type { ModuleFactory } from '../types';
import { evidence, outcome, skipped } from './support';

/** The run's secrets against the rule the vendor states for them (HappyFox: 32 alphanumeric characters). */
export const secretStrength: ModuleFactory = (contract, hooks) => ({
  id: 'secret-strength',
  title: 'The shared secret is what the vendor states',
  rule: hooks.secretRule?.rule ?? `${contract.vendor} states no rule for the secret`,
  source: hooks.secretRule?.source ?? contract.sources[0] ?? '',
  async run(ctx) {
    const rule = hooks.secretRule;
    if (!rule) return skipped(`${contract.vendor} states no rule for the secret`);
    if (ctx.secrets.length === 0) return skipped('the run was given no secret (a public key)');
    // The evidence names the secret by position and length only: a report never holds a secret.
    const items = ctx.secrets.map((secret, i) => {
      const problem = rule.test(secret);
      return problem
        ? evidence('FAILURE', `secret ${i + 1} (${secret.length} characters): ${problem}`)
        : evidence('SUCCESS', `secret ${i + 1} (${secret.length} characters) meets the rule`);
    });
    return outcome(items.some((e) => e.level === 'FAILURE') ? 'a secret breaks the vendor rule' : 'the secret meets the vendor rule', items);
  },
});
