/**
 * The server's log lines go to stdout once per event-loop turn (src/logging.ts perTurnDestination):
 * in order, in the turn they were logged, and none lost when the process exits right after logging.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import { perTurnDestination } from '../../src/logging';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('lines logged in one turn are written together, in order, before the next turn', async () => {
  const writes: string[] = [];
  const logger = pino({ level: 'info', base: null, timestamp: false }, perTurnDestination({ write: (text: string) => writes.push(text) }));
  logger.info('one');
  logger.info('two');
  logger.warn('three');
  expect(writes).toEqual([]);
  await nextTurn();
  expect(writes).toHaveLength(1);
  expect(
    (writes[0] as string)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).msg),
  ).toEqual(['one', 'two', 'three']);
  logger.info('four');
  await nextTurn();
  expect(writes).toHaveLength(2);
  expect(JSON.parse(writes[1] as string).msg).toBe('four');
});

test.each([
  ['process.exit(3)', 3],
  ["throw new Error('boom')", 1],
])('the lines of the last turn reach stdout when the process ends with %s', (ending, code) => {
  // The built logger, as `serve` uses it (the CLI tests build dist/ first).
  const logging = join(__dirname, '..', '..', 'dist', 'logging.js');
  const script = `const l = require(${JSON.stringify(logging)}).createLogger({ level: 'info', format: 'json' }); l.info('first'); l.info('last'); ${ending};`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
  expect(run.status).toBe(code);
  expect(
    run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).msg),
  ).toEqual(['first', 'last']);
});
