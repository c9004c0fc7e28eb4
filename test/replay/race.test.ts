import { readDb } from '../helpers/database';
import { consumeUrl, happyfoxToken, mojoToken, request, startTestReceiver, SECRET, type TestReceiver } from '../helpers/receiver';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: SECRET },
      { id: 'mojo', profile: 'mojo', secret: SECRET },
    ],
  });
});
afterAll(() => rx.stop());

async function race(url: string, n: number) {
  const answers = await Promise.all(Array.from({ length: n }, () => request(url)));
  return {
    accepted: answers.filter((a) => a.result === 'accepted').length,
    replayed: answers.filter((a) => a.result === 'token_replayed').length,
    statuses: new Set(answers.map((a) => a.status)),
  };
}

describe('50 concurrent requests with one token', () => {
  test('HappyFox (jti): exactly one login, 49 token_replayed, no 5xx', async () => {
    const token = await happyfoxToken({ email: 'race@example.com' });
    const r = await race(consumeUrl(rx.url, '/jwt/', { token }), 50);
    expect(r).toEqual({ accepted: 1, replayed: 49, statuses: new Set([302, 401]) });
    expect((await rx.store.searchUsers({ tenant: 'default' })).find((u) => u.email === 'race@example.com')?.loginCount).toBe(1);
    const sessions = readDb(rx, (db) =>
      db.prepare("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'race@example.com'").pluck().get(),
    );
    expect(sessions).toBe(1);
    const attempts = (await rx.store.searchAttempts({ tenant: 'default', limit: 100 })).filter((a) => a.email === 'race@example.com');
    expect(attempts.filter((a) => a.accepted)).toHaveLength(1);
    expect(attempts.filter((a) => a.code === 'token_replayed')).toHaveLength(49);
  });

  test('Mojo (content key): exactly one login', async () => {
    const token = await mojoToken({ email: 'mojo-race@example.com' });
    const r = await race(consumeUrl(`${rx.url}/t/mojo`, '/jwt/consume', { token }), 50);
    expect(r).toEqual({ accepted: 1, replayed: 49, statuses: new Set([302, 401]) });
  });
});
