import { mint, startReceiver, type Receiver } from 'helpdesk-jwt-receiver';

// Your IdP's own code makes the token in your suite; mint() stands in for it here.
const secret = 'test-secret';
const token = async () => (await mint({ profile: 'happyfox', secret, email: 'jane@example.com', name: 'Jane Doe' })).token;

let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver({ secret }); // a free port, an in-memory store, a clock of its own
});
afterEach(() => rx.reset()); // forget attempts, users, sessions and spent jtis; real time again
afterAll(() => rx.close());

test('Jane logs in and lands on her tickets', async () => {
  const res = await fetch(`${rx.url}/jwt/?token=${await token()}&return_to=/tickets`, { redirect: 'manual' });
  expect(res.headers.get('x-receiver-result')).toBe('accepted');
  expect(res.headers.get('location')).toBe('/tickets');
  expect(await rx.users()).toMatchObject([{ email: 'jane@example.com', name: 'Jane Doe', loginCount: 1 }]);
  expect(await rx.sessions()).toHaveLength(1);
});

test('a token minted more than 120 s before it arrives is refused', async () => {
  const minted = await token();
  rx.clock.advance(121_000); // every check reads the receiver's clock
  const attempt = rx.waitForAttempt({ accepted: false }); // e.g. while your IdP sends the browser
  await fetch(`${rx.url}/jwt/?token=${minted}`, { redirect: 'manual' });
  expect(await attempt).toMatchObject({ code: 'token_expired', email: 'jane@example.com' });
});

test('the same jti twice is a replay', async () => {
  const minted = await token();
  await fetch(`${rx.url}/jwt/?token=${minted}`, { redirect: 'manual' });
  await fetch(`${rx.url}/jwt/?token=${minted}`, { redirect: 'manual' });
  expect((await rx.attempts()).map((a) => a.code)).toEqual(['token_replayed', null]); // newest first
});
