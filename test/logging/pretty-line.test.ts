/**
 * The pretty format in-process: a real receiver logging through pino into pino-pretty with the
 * receiver's line format. A claim value cannot drive the terminal (control characters are shown
 * escaped), records other than requests keep their level and error stack, and the choice of format
 * and colours follows the flag, the terminal, NO_COLOR and FORCE_COLOR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Clock } from '../../src/clock';
import { parseConfig } from '../../src/config/load';
import { prettyDestination, resolveLogFormat, useColor } from '../../src/logging';
import { startServer, type RunningServer } from '../../src/server';
import { SECRET, T0, T0_MS, freshJti, request, sign } from '../helpers/receiver';

const lines: string[] = [];
const logger = pino({ level: 'info' }, prettyDestination(false, { write: (text: string) => lines.push(text) }));
let running: RunningServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hjr-pretty-'));
  const config = parseConfig({ server: { port: 0, db: join(dir, 'r.db') }, tenants: [{ id: 'default', profile: 'zendesk', secret: SECRET }] }, 'pretty test');
  const clock = new Clock();
  clock.freeze(T0_MS);
  running = await startServer({ ...config, generatedSecretTenants: [] }, { clock, logger });
});
afterAll(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a claim value with control characters is shown escaped, never written to the terminal as is', async () => {
  const token = await sign({ iat: T0, jti: freshJti(), email: 'zoe@example.com', name: 'Zoe', role: '\u001b[2J\u001b]0;owned\u0007admin' });
  const res = await request(`${running.url}/access/jwt`, { method: 'POST', body: new URLSearchParams({ jwt: token }) });
  expect(res.result).toBe('claim_invalid');
  const id = res.headers.get('x-receiver-attempt');
  const line = lines.find((l) => l.includes(`#attempt=${id}`)) as string;
  expect(line.slice(10)).toBe(
    `default  POST /access/jwt  ✘ claim_invalid  role: role "\\u001b[2J\\u001b]0;owned\\u0007admin" is not one of user, agent, admin  zoe@example.com  ${running.url}/_receiver/#attempt=${id}\n`,
  );
  expect(lines.join('')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
});

test('a record that is not a request keeps its level, and an error its stack, under the line', () => {
  lines.length = 0;
  logger.warn('housekeeping failed; will retry');
  logger.error({ err: new Error('disk on fire'), path: '/jwt/' }, 'unhandled error');
  expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d {2}WARN {2}housekeeping failed; will retry\n$/);
  expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d {2}ERROR {2}unhandled error\n {4}err: \{\n/);
  expect(lines[1]).toContain('"message": "disk on fire"');
  expect(lines[1]).toMatch(/Error: disk on fire\n\s+at /);
  expect(lines[1]).not.toContain('path'); // printed keys are not repeated under the line
});

test.each([
  [{}, false, false],
  [{}, true, true],
  [{ NO_COLOR: '1' }, true, false],
  [{ NO_COLOR: '' }, true, true],
  [{ FORCE_COLOR: '1' }, false, true],
  [{ FORCE_COLOR: 'true' }, false, true],
  [{ FORCE_COLOR: '' }, false, true],
  [{ FORCE_COLOR: '0' }, true, false],
  [{ FORCE_COLOR: 'false' }, true, false],
  [{ FORCE_COLOR: '1', NO_COLOR: '1' }, true, false],
])('colours with %j on a terminal=%s: %s', (env, tty, expected) => {
  expect(useColor(env, tty)).toBe(expected);
});

test.each([
  ['pretty', false, 'pretty'],
  ['json', true, 'json'],
  [undefined, true, 'pretty'],
  [undefined, false, 'json'],
])('--log-format %s on a terminal=%s: %s', (asked, tty, expected) => {
  expect(resolveLogFormat(asked, tty)).toBe(expected);
});
