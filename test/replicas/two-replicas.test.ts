import { api, expectJson } from '../api/support';
import { assertBuilt, cleanup, stop, type Serving } from '../cli/harness';
import { suiteSchema, testPostgresUrl } from '../helpers/postgres';
import { consume, replica, tally, token } from './support';

/**
 * Two receiver processes (the built CLI) on one PostgreSQL schema: one ledger, one inspection view.
 * The shared server of the run (jest globalSetup), a schema of this suite's own.
 */
const pgUrl = testPostgresUrl();
const password = new URL(pgUrl).password;
const suite = suiteSchema();
let a: Serving;
let b: Serving;

beforeAll(async () => {
  assertBuilt();
  a = await replica(pgUrl, suite.schema);
  b = await replica(pgUrl, suite.schema);
}, 60_000);
afterAll(async () => {
  await cleanup();
  await suite.drop();
});

test('the banners name the database without its password', () => {
  for (const r of [a, b]) {
    expect(r.banner).toContain(`database  postgres://hjr@`);
    expect(r.banner).toContain(`schema=${suite.schema}`);
    expect(r.banner).not.toContain(password);
  }
});

test('200 concurrent uses of one token over both replicas: one 302, 199 token_replayed, no 5xx (10 rounds)', async () => {
  for (let round = 0; round < 10; round++) {
    const jwt = await token(`round-${round}@example.com`);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => consume(i % 2 === 0 ? a.url : b.url, jwt)));
    expect(tally(answers)).toEqual({ '302 accepted': 1, '401 token_replayed': 199 });
  }
}, 120_000);

test("replica B's inspection API shows the attempts, users and sessions replica A made", async () => {
  const email = 'seen-from-b@example.com';
  const jwt = await token(email);
  expect(await consume(a.url, jwt)).toEqual({ status: 302, result: 'accepted' });
  const { attempts } = expectJson(await api(b.url, 'GET', `/attempts?email=${encodeURIComponent(email)}`), 200);
  expect(attempts).toEqual([expect.objectContaining({ email, accepted: true, code: null })]);
  const { users } = expectJson(await api(b.url, 'GET', '/users'), 200);
  expect(users.filter((u: { email: string }) => u.email === email)).toHaveLength(1);
  const { sessions } = expectJson(await api(b.url, 'GET', '/sessions'), 200);
  expect(sessions.filter((s: { email: string }) => s.email === email)).toHaveLength(1);
  // And the token is spent for B too.
  expect(await consume(b.url, jwt)).toEqual({ status: 401, result: 'token_replayed' });
});

test('kill -9 of one replica under load: every token it accepted is refused on the other and after its restart', async () => {
  const tokens = await Promise.all(Array.from({ length: 300 }, (_, i) => token(`load-${i}@example.com`)));
  const accepted: string[] = [];
  let killed = false;
  const killedAt = new Promise<void>((resolve) =>
    setTimeout(() => {
      a.proc.child.kill('SIGKILL');
      killed = true;
      resolve();
    }, 300),
  );
  // Eight clients in a loop on A until the kill; answers that arrive are what the IdP saw.
  let next = 0;
  const answers: Array<{ status: number; result: string | null }> = [];
  const client = async () => {
    while (!killed && next < tokens.length) {
      const jwt = tokens[next++]!;
      const answer = await consume(a.url, jwt).catch(() => null);
      if (!answer) continue; // the connection died with the process: no answer, nothing promised
      answers.push(answer);
      if (answer.status === 302) accepted.push(jwt);
    }
  };
  await Promise.all([...Array.from({ length: 8 }, client), killedAt]);
  await a.proc.exited(5_000);
  expect(answers.every((x) => x.status < 500)).toBe(true);
  expect(accepted.length).toBeGreaterThan(5);
  const onB = await Promise.all(accepted.map((jwt) => consume(b.url, jwt)));
  expect(tally(onB)).toEqual({ [`401 token_replayed`]: accepted.length });
  a = await replica(pgUrl, suite.schema);
  const afterRestart = await Promise.all(accepted.map((jwt) => consume(a.url, jwt)));
  expect(tally(afterRestart)).toEqual({ [`401 token_replayed`]: accepted.length });
}, 60_000);

test('per replica, and said so by the API: the clock and the tenants changed through one replica are not the other’s', async () => {
  expectJson(await api(a.url, 'PUT', '/clock', { offsetSeconds: -3600 }), 200);
  expect(expectJson(await api(a.url, 'GET', '/clock'), 200)).toMatchObject({ mode: 'offset' });
  expect(expectJson(await api(b.url, 'GET', '/clock'), 200)).toMatchObject({ mode: 'real' });
  expectJson(await api(a.url, 'POST', '/tenants', { id: 'only-on-a', profile: 'happyfox', secret: 'k3ySecretForTests0123456789abcdef' }), 201);
  expectJson(await api(a.url, 'GET', '/tenants/only-on-a'), 200);
  expect(expectJson(await api(b.url, 'GET', '/tenants/only-on-a'), 404)).toMatchObject({ error: 'tenant_unknown' });
  const { paths } = expectJson(await api(b.url, 'GET', '/openapi.json'), 200);
  for (const op of [
    paths['/_receiver/clock'].put,
    paths['/_receiver/clock'].delete,
    paths['/_receiver/tenants'].post,
    paths['/_receiver/tenants/{id}'].patch,
  ]) {
    expect(op.description).toMatch(/^Per replica: /);
  }
  expect(paths['/_receiver/state'].delete.description).toMatch(/^Shared: .*every replica/);
  await stop(a.proc);
});
