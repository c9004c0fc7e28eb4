import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import { startReceiver, type Attempt, type Receiver } from '../../src';

/**
 * receiver.on('attempt'): once per attempt, after its transaction committed (another connection to
 * the file already reads it), never for a login the database rolled back; waitForAttempt() listens
 * to the same event instead of polling.
 */
const SECRET = 'events-secret';
const T0 = Date.UTC(2026, 0, 15, 12);
const token = (claims: Record<string, unknown> = {}, key = SECRET) =>
  new SignJWT({ email: 'jane@example.com', jti: crypto.randomUUID(), ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(T0 / 1000)
    .sign(Buffer.from(key));
const consume = async (rx: Receiver, jwt: string) => (await fetch(`${rx.url}/jwt/?token=${jwt}`, { redirect: 'manual' })).headers.get('x-receiver-result');

let dir: string;
let dbPath: string;
let rx: Receiver;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hjr-events-'));
  dbPath = join(dir, 'r.db');
  rx = await startReceiver({ secret: SECRET, db: dbPath, config: { server: { busyTimeoutMs: 50 } } });
  rx.clock.freeze(T0);
});
afterEach(async () => {
  await rx.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What another process reading the file sees of an attempt: only what was committed. */
function committed(id: number): { id: number; code: string | null } | undefined {
  const other = new Database(dbPath, { readonly: true });
  try {
    return other.prepare('SELECT id, code FROM attempts WHERE id = ?').get(id) as { id: number; code: string | null } | undefined;
  } finally {
    other.close();
  }
}

describe("on('attempt')", () => {
  test('once per attempt, in order, refusals included, each already committed and the same as attempts() shows', async () => {
    const heard: Attempt[] = [];
    const seenByOthers: Array<ReturnType<typeof committed>> = [];
    rx.on('attempt', (attempt) => {
      heard.push(attempt);
      seenByOthers.push(committed(attempt.id));
    });
    const replayed = await token();
    expect(await consume(rx, replayed)).toBe('accepted');
    expect(await consume(rx, replayed)).toBe('token_replayed');
    expect(await consume(rx, await token({}, 'wrong-key'))).toBe('signature_invalid');
    // Five logins in one event-loop turn share one transaction: still one event each.
    const batch = await Promise.all(Array.from({ length: 5 }, async () => consume(rx, await token())));
    expect(batch).toEqual(Array(5).fill('accepted'));

    expect(heard.map((a) => a.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(heard.map((a) => a.code)).toEqual([null, 'token_replayed', 'signature_invalid', null, null, null, null, null]);
    expect(seenByOthers).toEqual(heard.map((a) => ({ id: a.id, code: a.code })));
    expect(heard).toEqual([...(await rx.attempts())].reverse());
    expect(Object.keys(heard[0] as Attempt)).not.toContain('replayKey'); // the public record, as attempts() gives it
  });

  test('never for a login the database rolled back; the next one is heard', async () => {
    const heard: number[] = [];
    rx.on('attempt', (a) => heard.push(a.id));
    // Another process makes every attempt INSERT fail: the login's savepoint (ledger, user,
    // session, attempt) is rolled back, and so is the refusal the receiver then tries to record.
    const other = new Database(dbPath);
    other.exec("CREATE TRIGGER refuse_attempts BEFORE INSERT ON attempts BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
    const jwt = await token();
    expect(await consume(rx, jwt)).toBe('store_unavailable');
    other.exec('DROP TRIGGER refuse_attempts');
    // A lock held past the busy timeout: the batch never begins.
    other.exec('BEGIN EXCLUSIVE');
    expect(await consume(rx, await token())).toBe('store_unavailable');
    other.exec('ROLLBACK');
    other.close();
    expect(heard).toEqual([]);
    expect(await rx.attempts()).toEqual([]);
    expect(await rx.users()).toEqual([]);

    expect(await consume(rx, jwt)).toBe('accepted'); // its jti was never spent
    expect(heard).toEqual([(await rx.lastAttempt())?.id]);
  });

  test('off() stops a listener; adding one twice calls it once; only "attempt" is an event', async () => {
    const calls: string[] = [];
    const listener = (a: Attempt) => calls.push(a.code ?? 'accepted');
    expect(rx.on('attempt', listener).on('attempt', listener)).toBe(rx);
    expect(await consume(rx, await token())).toBe('accepted');
    expect(calls).toEqual(['accepted']);
    rx.off('attempt', listener);
    expect(await consume(rx, await token())).toBe('accepted');
    expect(calls).toEqual(['accepted']);
    expect(() => rx.on('login' as 'attempt', listener)).toThrow(TypeError);
    expect(() => rx.on('attempt', 'nope' as unknown as typeof listener)).toThrow('the listener must be a function');
  });
});

describe('waitForAttempt() listens rather than polls', () => {
  test('resolves as the attempt commits: before the consume answer reaches the client', async () => {
    const order: string[] = [];
    const waiting = rx.waitForAttempt({ accepted: true }).then((a) => {
      order.push('waited');
      return a;
    });
    expect(await consume(rx, await token({ email: 'prompt@example.com' }))).toBe('accepted');
    order.push('answered');
    // A 10 ms poll would resolve only after the answer; the event resolves it within the commit.
    expect(order).toEqual(['waited', 'answered']);
    await expect(waiting).resolves.toMatchObject({ email: 'prompt@example.com', id: 1 });
  });

  test('still rejects on timeout and on close', async () => {
    await expect(rx.waitForAttempt({ code: 'token_expired' }, 30)).rejects.toMatchObject({ code: 'attempt_timeout', timeoutMs: 30 });
    const pending = rx.waitForAttempt({}, 10_000);
    await rx.close();
    await expect(pending).rejects.toThrow('the receiver was closed');
    expect(() => rx.on('attempt', () => undefined)).toThrow('on(): the receiver is closed');
  });
});

const exec = promisify(execFile);
const DIST = join(__dirname, '..', '..', 'dist', 'index.js');

describe('a listener that throws', () => {
  // In a child process (jest fails whichever test an uncaught exception lands in, which is the
  // point for a user's test but hides what this test observes): the login is answered, the other
  // listener is called, and the error surfaces as an uncaught exception on a later tick.
  test('does not fail the login or starve the other listeners; its error is thrown again, uncaught', async () => {
    if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run build` (npm test does)');
    const script = `
      const { startReceiver } = require(${JSON.stringify(DIST)});
      const { SignJWT } = require('jose');
      const log = [];
      process.on('uncaughtException', (err) => log.push('uncaught: ' + err.message));
      (async () => {
        const rx = await startReceiver({ secret: 's3cret' });
        rx.on('attempt', () => { throw new Error('listener boom'); });
        rx.on('attempt', (a) => log.push('heard #' + a.id));
        const jwt = await new SignJWT({ email: 'a@example.com', jti: 'j1' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(Buffer.from('s3cret'));
        const res = await fetch(rx.url + '/jwt/?token=' + jwt, { redirect: 'manual' });
        log.push('answered ' + res.headers.get('x-receiver-result'));
        log.push('recorded ' + (await rx.attempts()).length);
        await rx.close();
        console.log(JSON.stringify(log));
      })();`;
    const { stdout } = await exec(process.execPath, ['-e', script], { cwd: join(__dirname, '..', '..') });
    expect(JSON.parse(stdout)).toEqual(['heard #1', 'uncaught: listener boom', 'answered accepted', 'recorded 1']);
  });
});
