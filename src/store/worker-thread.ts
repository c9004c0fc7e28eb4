import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Under ts-jest (and anything else running src/ as TypeScript) there is no compiled worker.js next
 * to this file, and a worker thread does not inherit the parent's TypeScript loader. This boot
 * script gives the worker one: each .ts file is transpiled with the project's own `typescript`
 * (type-free, per file) and cached on disk by its content, so only the first worker of a change pays.
 */
const TS_BOOT = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const os = require('node:os');
const cacheDir = path.join(os.tmpdir(), 'hjr-store-worker-ts-' + process.getuid?.() );
let ts;
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const cached = path.join(cacheDir, crypto.createHash('sha256').update(filename + '\\0' + source).digest('hex') + '.js');
  let code;
  try { code = fs.readFileSync(cached, 'utf8'); } catch {
    ts ??= require(workerData.typescript);
    code = ts.transpileModule(source, { fileName: filename, compilerOptions: {
      module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false, inlineSourceMap: false } }).outputText;
    try { fs.mkdirSync(cacheDir, { recursive: true }); fs.writeFileSync(cached + '.' + process.pid, code); fs.renameSync(cached + '.' + process.pid, cached); } catch {}
  }
  module._compile(code, filename);
};
require(workerData.entry);
`;

/**
 * Starts the store's worker thread: dist/store/worker.js when running compiled (the CLI, the
 * package), else src/store/worker.ts through the boot script above.
 */
export function startStoreWorker(workerData: object): Worker {
  const compiled = join(__dirname, 'worker.js');
  if (existsSync(compiled)) return new Worker(compiled, { workerData });
  const entry = join(__dirname, 'worker.ts');
  return new Worker(TS_BOOT, { eval: true, workerData: { ...workerData, entry, typescript: require.resolve('typescript') } });
}
