import { isAscii } from 'node:buffer';
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** How long a fresh run goes on before its compiled code is kept: long enough for `serve` to be ready. */
const KEEP_AFTER_MS = 1000;

/**
 * Runs the CLI's bundle as `require` would, but with V8's code cache: the functions it compiled in
 * a run (the commands, the config schemas, the server's modules) are kept in `<bundle>.v8-cache` and
 * given back to V8 on the next start, which then compiles almost nothing. Compiling the 2 MB bundle
 * lazily, function by function as start-up reached them, was ~60 ms of `serve`'s start-up (1.7× bare
 * Koa's; `npm run bench`). Node 22's `module.enableCompileCache()` does this; Node 20 has only
 * `vm.Script`'s `cachedData`, and no maintained package keeps the code compiled *after* a run.
 *
 * The cache names the bundle it was made from (size and modification time), because V8 checks only
 * the source's length; a cache V8 rejects anyway (another Node version, other flags) is remade. A
 * folder the process cannot write (a read-only install) only means no cache: nothing fails.
 */
export function runBundle(file: string, { size, mtimeMs } = statSync(file)): void {
  const cacheFile = `${file}.v8-cache`;
  const key = Buffer.from(`${size}:${mtimeMs}\n`);
  const cachedData = cacheFor(cacheFile, key);
  const script = new Script(Module.wrap(sourceOf(file)), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) keepCompiledCode(script, cacheFile, key);

  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  // In require.cache as if required: what the process has loaded is listed the same way.
  require.cache[file] = mod;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
}

/**
 * The bundle's text. esbuild writes ASCII (it escapes what is not, but in a tagged template), which
 * reads as Latin-1 in a third of the time UTF-8 decoding of the ~1.5 MB takes (~2 ms of every start).
 */
function sourceOf(file: string): string {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** The cached code, when it was made from this very bundle. */
function cacheFor(cacheFile: string, key: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return data.subarray(0, key.length).equals(key) ? data.subarray(key.length) : undefined;
}

/** After the run got going (or at exit, for a short command), keeps what V8 compiled; once. */
function keepCompiledCode(script: Script, cacheFile: string, key: Buffer): void {
  let kept = false;
  const keep = () => {
    if (kept) return;
    kept = true;
    const partial = `${cacheFile}.${process.pid}`;
    try {
      writeFileSync(partial, Buffer.concat([key, script.createCachedData()]));
      renameSync(partial, cacheFile); // whole or not at all, when several processes start at once
    } catch {
      try {
        unlinkSync(partial);
      } catch {
        // nothing was written
      }
    }
  };
  setTimeout(keep, KEEP_AFTER_MS).unref();
  process.once('exit', keep);
}
