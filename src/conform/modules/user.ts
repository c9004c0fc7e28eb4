import type { Evidence, ModuleFactory } from '../types';
import { evidence, indexOf, outcome, skipped, twoLogins, unreached } from './support';

/** How a token may carry the user's name: whole, or first and last (each vendor's claim names); a nested `user` object is read flat. */
const NAME_FORMS = [['name'], ['first_name', 'last_name'], ['given_name', 'family_name']] as const;
const NAME_CLAIMS: ReadonlySet<string> = new Set(NAME_FORMS.flat());

/** The claims with those of a nested object claim beside them (`user.name` read as `name`), the top level winning. */
function flatten(claims: Record<string, unknown>): Record<string, unknown> {
  const nested = Object.values(claims).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v));
  return Object.assign({}, ...nested, claims) as Record<string, unknown>;
}

/** A user with `+` and non-ASCII in the email and name: the IdP must put them in the token as they are. */
export const specialUser: ModuleFactory = (contract) => {
  const emailClaim = contract.claims.find((c) => c.kind === 'email')?.name ?? 'email';
  // A vendor whose token has no name (Help Scout Docs: sub and exp) is judged on the email alone.
  const carriesName = contract.claims.some((c) => NAME_CLAIMS.has(c.name));
  return {
    id: 'special-user',
    title: 'A user with + and non-ASCII characters in the email and name',
    rule: `${contract.vendor} keys the user by ${emailClaim}: a + turned into a space or a mangled name makes another user`,
    source: contract.sources[0] ?? '',
    async run(ctx) {
      const slot = ctx.users.special;
      if (!slot || (!slot.email && !slot.name)) return skipped('no `special` user with its email or name in the script (users.special)');
      const capture = await ctx.login({ label: 'special-user', user: 'special' });
      const at = indexOf(ctx.captures, capture);
      const missed = unreached(capture, at);
      if (missed) return outcome('the login did not reach the receiver', [missed]);
      const claims = flatten(capture.attempt?.claims ?? {});
      const items: Evidence[] = [];
      const values = Object.values(claims).filter((v): v is string => typeof v === 'string');
      if (slot.email) {
        const sent = values.find((v) => v.toLowerCase() === slot.email?.toLowerCase());
        items.push(
          sent
            ? evidence('SUCCESS', `the email ${JSON.stringify(sent)} arrived intact`, at)
            : evidence('FAILURE', `no claim holds ${JSON.stringify(slot.email)}; the email claim is ${JSON.stringify(claims[emailClaim] ?? claims.email)}`, at),
        );
      }
      if (slot.name && !carriesName) items.push(evidence('INFO', `${contract.vendor}'s token carries no name, so only the email is compared`, at));
      else if (slot.name) {
        const names = NAME_FORMS.map((form) =>
          form
            .map((n) => claims[n])
            .filter((v) => typeof v === 'string' && v !== '')
            .join(' '),
        ).filter((v) => v !== '');
        items.push(
          names.some((v) => v.normalize('NFC') === slot.name?.normalize('NFC'))
            ? evidence('SUCCESS', `the name ${JSON.stringify(slot.name)} arrived intact`, at)
            : evidence('FAILURE', `the name arrived as ${JSON.stringify(names[0] ?? null)}, not ${JSON.stringify(slot.name)} (an encoding on the way?)`, at),
        );
      }
      return outcome(items.some((e) => e.level === 'FAILURE') ? 'the special user did not arrive intact' : 'the special user arrived intact', items);
    },
  };
};

/** The same user twice maps to the same helpdesk user: the same identity claims, and the same user record. */
export const identityStability: ModuleFactory = (contract) => ({
  id: 'identity-stability',
  title: 'The same user maps to the same helpdesk user across logins',
  rule: `${contract.vendor} upserts the user by its identity (email, or the vendor's id claim): it must not change between logins`,
  source: contract.sources[0] ?? '',
  async run(ctx) {
    const { first, second, b, missed } = await twoLogins(ctx, 'identity-stability');
    if (missed) return missed;
    const [x, y] = [first.attempt, second.attempt];
    if (!x?.email || !y?.email) return skipped('the tokens carried no readable email (see happy-path)');
    const items: Evidence[] = [];
    items.push(x.email === y.email ? evidence('SUCCESS', `email ${x.email} both times`, b) : evidence('FAILURE', `email ${x.email} then ${y.email}`, b));
    for (const name of ['external_id', 'id', 'sub']) {
      const [p, q] = [x.claims?.[name], y.claims?.[name]];
      if (p === undefined && q === undefined) continue;
      items.push(
        JSON.stringify(p) === JSON.stringify(q)
          ? evidence('SUCCESS', `${name} ${JSON.stringify(p)} both times`, b)
          : evidence('FAILURE', `${name} ${JSON.stringify(p)} then ${JSON.stringify(q)}`, b),
      );
    }
    if (x.userId !== null && y.userId !== null) {
      items.push(
        x.userId === y.userId
          ? evidence('SUCCESS', `helpdesk user ${x.userId} both times`, b)
          : evidence('FAILURE', `helpdesk user ${x.userId} then ${y.userId}`, b),
      );
    } else items.push(evidence('INFO', 'a login was refused, so only the claims were compared', b));
    return outcome(items.some((e) => e.level === 'FAILURE') ? 'the identity changed between logins' : 'the same user both times', items);
  },
});
