import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OpenRequest, WorkerOptions } from './worker-protocol';

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
 * package), else src/store/worker.ts through the boot script above. Without a `path` (a worker
 * started ahead, see prestartStoreWorker) it loads its modules and waits for an OpenRequest.
 */
function startWorker(workerData: object): Worker {
  const compiled = join(__dirname, 'worker.js');
  if (existsSync(compiled)) return new Worker(compiled, { workerData });
  const entry = join(__dirname, 'worker.ts');
  return new Worker(TS_BOOT, { eval: true, workerData: { ...workerData, entry, typescript: require.resolve('typescript') } });
}

/** A worker started before its database was known, until a store takes it; `gone` once it failed or exited. */
let early: { worker: Worker; gone: boolean; onGone: () => void } | undefined;

/**
 * Starts the worker before the database it opens is known: `serve`'s launcher calls this first
 * thing, so the thread boots (node's bootstrap, better-sqlite3, the engine's modules: ~40 ms) while
 * the main thread reads the command line's bundle and the config. Started when the config was read,
 * it was still booting when the server was ready to listen: ~15 ms of `serve`'s start-up to ready
 * (`npm run bench`) were the main thread waiting for it. Unref'd: a run that never opens a store
 * (a config error, a PostgreSQL URL) does not wait for it.
 */
export function prestartStoreWorker(): Worker {
  if (early) return early.worker;
  const worker = startWorker({});
  const entry = { worker, gone: false, onGone: () => (entry.gone = true) };
  worker.once('error', entry.onGone); // reported again, with the file's name, by the worker started instead
  worker.once('exit', entry.onGone);
  worker.unref();
  early = entry;
  return worker;
}

/** Stops a worker started ahead that no store will take (the config chose PostgreSQL). */
export function discardPrestartedStoreWorker(): void {
  const entry = early;
  early = undefined;
  if (entry) void entry.worker.terminate();
}

/** The worker that opens `options.path`: the one started ahead when there is one (and it still runs), else a new one. */
export function startStoreWorker(options: WorkerOptions): Worker {
  const entry = early;
  early = undefined;
  if (!entry || entry.gone) return startWorker(options);
  entry.worker.off('error', entry.onGone);
  entry.worker.off('exit', entry.onGone);
  entry.worker.ref(); // as a new worker is, until the store has it
  entry.worker.postMessage({ open: options } satisfies OpenRequest);
  return entry.worker;
}
