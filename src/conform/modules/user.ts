import type { Evidence, ModuleFactory } from '../types';
import { evidence, indexOf, outcome, skipped, twoLogins, unreached } from './support';

/** A user with `+` and non-ASCII in the email and name: the IdP must put them in the token as they are. */
export const specialUser: ModuleFactory = (contract) => ({
  id: 'special-user',
  title: 'A user with + and non-ASCII characters in the email and name',
  rule: `${contract.vendor} keys the user by ${contract.claims.find((c) => c.kind === 'email')?.name ?? 'email'}: a + turned into a space or a mangled name makes another user`,
  source: contract.sources[0] ?? '',
  async run(ctx) {
    const slot = ctx.users.special;
    if (!slot || (!slot.email && !slot.name)) return skipped('no `special` user with its email or name in the script (users.special)');
    const capture = await ctx.login({ label: 'special-user', user: 'special' });
    const at = indexOf(ctx.captures, capture);
    const missed = unreached(capture, at);
    if (missed) return outcome('the login did not reach the receiver', [missed]);
    const claims = capture.attempt?.claims ?? {};
    const items: Evidence[] = [];
    const values = Object.values(claims).filter((v): v is string => typeof v === 'string');
    if (slot.email) {
      const sent = values.find((v) => v.toLowerCase() === slot.email?.toLowerCase());
      items.push(
        sent
          ? evidence('SUCCESS', `the email ${JSON.stringify(sent)} arrived intact`, at)
          : evidence('FAILURE', `no claim holds ${JSON.stringify(slot.email)}; the email claim is ${JSON.stringify(claims.email)}`, at),
      );
    }
    if (slot.name) {
      const names = [claims.name, [claims.first_name, claims.last_name].filter(Boolean).join(' ')].filter((v) => typeof v === 'string' && v !== '');
      items.push(
        names.some((v) => (v as string).normalize('NFC') === slot.name?.normalize('NFC'))
          ? evidence('SUCCESS', `the name ${JSON.stringify(slot.name)} arrived intact`, at)
          : evidence('FAILURE', `the name arrived as ${JSON.stringify(names[0] ?? null)}, not ${JSON.stringify(slot.name)} (an encoding on the way?)`, at),
      );
    }
    return outcome(items.some((e) => e.level === 'FAILURE') ? 'the special user did not arrive intact' : 'the special user arrived intact', items);
  },
});

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
