/**
 * Where the browser tests find Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium; and when
 * there is none, a failure that says how to get one (never a skip).
 */
import { DEFAULT_CHROMIUM, chromiumPath, launchChromium } from '../helpers/chromium';

test('CHROMIUM_PATH wins; unset or empty, /usr/bin/chromium', () => {
  expect(chromiumPath({ CHROMIUM_PATH: '/opt/google/chrome/chrome' })).toBe('/opt/google/chrome/chrome');
  expect(chromiumPath({})).toBe('/usr/bin/chromium');
  expect(chromiumPath({ CHROMIUM_PATH: '' })).toBe(DEFAULT_CHROMIUM);
});

test('a missing binary fails the launch with how to get one', async () => {
  const saved = process.env.CHROMIUM_PATH;
  process.env.CHROMIUM_PATH = '/nonexistent/chromium-for-the-test';
  try {
    await expect(launchChromium()).rejects.toThrow(
      'CHROMIUM_PATH is /nonexistent/chromium-for-the-test, which does not exist: the browser tests need Chrome or Chromium. ' +
        'On Debian: apt-get update && apt-get install -y --no-install-recommends chromium; or set CHROMIUM_PATH to any Chrome/Chromium binary.',
    );
  } finally {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  }
});
