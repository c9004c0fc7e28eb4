/**
 * The interactive driver: the run prints each login URL and waits until the receiver records an
 * attempt. Here the "person" is a fetch that follows the printed URL; the modules that need the
 * consume request itself say they cannot see it.
 */
import { PassThrough } from 'node:stream';
import { InteractiveDriver } from '../../src/conform/drivers/interactive';
import { runSample, statuses } from './support';

test('each login URL is printed, the run goes on when the login arrives', async () => {
  const out = new PassThrough();
  const printed: string[] = [];
  out.on('data', (chunk: Buffer) => {
    const url = /^ {2}(http\S+)$/m.exec(chunk.toString())?.[1];
    if (!url) return;
    printed.push(url);
    // The person: opens the URL; the sample IdP logs the test user in and redirects to the receiver.
    void fetch(url).then((r) => r.arrayBuffer());
  });
  const result = await runSample({
    vendor: 'happyfox',
    driver: () => new InteractiveDriver(out),
    options: { modules: ['happy-path', 'fresh-replay-key', 'iat-freshness', 'transport', 'logout'] },
  });
  expect(statuses(result)).toEqual({
    'happy-path': 'PASSED',
    'fresh-replay-key': 'PASSED',
    'iat-freshness': 'PASSED',
    transport: 'SKIPPED',
    logout: 'SKIPPED',
  });
  expect(printed).toHaveLength(4);
  expect(printed.every((url) => new URL(url).pathname === '/login')).toBe(true);
  expect(result.modules.find((m) => m.id === 'transport')?.summary).toBe('interactive: the consume request is not seen');
});
