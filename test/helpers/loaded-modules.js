// Preloaded (NODE_OPTIONS=--require) into a CLI process a test spawns: on SIGUSR2 the main thread
// writes the files it has loaded so far (require.cache's keys, then node's own modules as
// builtin:<id>; one a line) to $HJR_TEST_LOADED_OUT, atomically, so the test reads a whole list.
// test/cli/lazy-loading.test.ts uses it.
const { renameSync, writeFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const out = process.env.HJR_TEST_LOADED_OUT;
if (isMainThread && out) {
  process.on('SIGUSR2', () => {
    // node's own modules too, as builtin:<id> (process.moduleLoadList names them `NativeModule <id>`).
    const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => `builtin:${m.slice('NativeModule '.length)}`);
    writeFileSync(`${out}.tmp`, [...Object.keys(require.cache), ...builtins].join('\n'));
    renameSync(`${out}.tmp`, out);
  });
}
