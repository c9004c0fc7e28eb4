import { ConfigError, startReceiver, type Receiver } from '../../src';
import { suiteSchema, testPostgresUrl } from '../helpers/postgres';
import { request, SECRET } from '../helpers/receiver';
import { token } from '../replicas/support';

/** startReceiver({ db: 'postgres://…', schema }): receivers on one schema share the store; another schema shares nothing. */
const pgUrl = testPostgresUrl();
const shared = suiteSchema();
const other = suiteSchema();
const receivers: Receiver[] = [];
const start = async (schema: string) => {
  const rx = await startReceiver({ secret: SECRET, db: pgUrl, schema });
  receivers.push(rx);
  return rx;
};
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await shared.drop();
  await other.drop();
});

const login = async (rx: Receiver, jwt: string) => (await request(`${rx.url}/jwt/?${new URLSearchParams({ token: jwt }).toString()}`)).result;

test('two receivers on one schema: one ledger, each sees the other’s records; another schema sees none of it', async () => {
  const [a, b, c] = [await start(shared.schema), await start(shared.schema), await start(other.schema)];
  const heardOnB = b.waitForAttempt({ email: 'lib@example.com' });
  const jwt = await token('lib@example.com');
  expect(await login(a, jwt)).toBe('accepted');
  expect(await heardOnB).toMatchObject({ accepted: true, email: 'lib@example.com' });
  expect(await login(b, jwt)).toBe('token_replayed');
  expect((await b.users()).map((u) => u.email)).toEqual(['lib@example.com']);
  expect(await b.sessions()).toHaveLength(1);
  expect(await c.attempts()).toEqual([]);
  expect(await login(c, jwt)).toBe('accepted'); // its own ledger

  // reset() clears the shared store (every replica's records); the clock it puts back is its own.
  b.clock.freeze(Date.now() - 60_000);
  await a.reset();
  expect(await b.attempts()).toEqual([]);
  expect(b.clock.now()).toBeLessThan(Date.now() - 30_000);
  expect((await c.attempts()).length).toBe(1);
}, 30_000);

test('the schema option is for a PostgreSQL db only', async () => {
  await expect(startReceiver({ secret: SECRET, schema: 'x' })).rejects.toBeInstanceOf(ConfigError);
});
