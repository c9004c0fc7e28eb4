#!/usr/bin/env node
// Bundles the command line (dist/cli/main.js and what it requires) into dist/cli-bundle.js, which
// dist/cli.js runs: one file to read and compile instead of ~400 to resolve, read and compile one by
// one, the larger part of `serve`'s start-up (`npm run bench`, start-up to ready). Run after `tsc`
// (see `npm run build`); the library entry (dist/index.js) and the store's worker stay unbundled.
//
// - Modules keep their laziness: a require() inside a function stays a call that runs the module's
//   body on first use (esbuild wraps each CommonJS module).
// - `__dirname` of a file under dist/ still names that file's folder (the worker script beside
//   dist/store/worker-thread.js, migrations/, the debugger's assets).
// - Left out, loaded from node_modules as before: native and optional packages, and those loaded on
//   a use serve never makes (the PostgreSQL driver, the browser, the pretty log format, conform's files).
// - zod/v4's locales and zod's v3 API stay out (see zodOnDemand).
// - JSON files stay JSON (parsed by JSON.parse, faster to load than the object literal esbuild writes).
// - The source map chains tsc's: a stack trace under `node --enable-source-maps` names src/*.ts.
'use strict';
const { readFileSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, sep } = require('node:path');
const esbuild = require('esbuild');

const DIST = join(__dirname, '..', 'dist');
const OUT = join(DIST, 'cli-bundle.js');

const EXTERNAL = [
  'better-sqlite3', // native; SQLite belongs to the store's worker thread anyway
  'pg',
  'pg-*',
  'playwright-core',
  'pino-pretty',
  'yaml',
  'junit-report-builder',
  'typescript', // the worker's TypeScript boot (tests only)
  '@koa/bodyparser', // a POST's body: loaded on the first one
];

const ZOD_LOCALES = 'exports.locales = __importStar(require("../locales/index.cjs"));';

/** `__dirname` of a module under dist/ as the folder it was compiled into, relative to the bundle's. */
const keepDirname = {
  name: 'keep-dirname',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, (args) => {
      const rel = relative(DIST, dirname(args.path));
      if (rel.startsWith('..')) return undefined; // not under dist/
      let contents = readFileSync(args.path, 'utf8');
      if (rel && /\b__dirname\b/.test(contents)) {
        contents = contents.replace(/\b__dirname\b/g, `require("node:path").join(__dirname, ${JSON.stringify(rel.split(sep).join('/'))})`);
      }
      return { contents, loader: 'js' };
    });
  },
};

/**
 * zod/v4 requires its 40 locales at load; only English is used (zod sets it itself). The `locales`
 * export becomes a getter that requires them from node_modules when read, so the bundle holds none.
 * zod's v3 API (`zod`) is only for conform's scripts and plug-ins: required from node_modules too.
 */
const zodOnDemand = {
  name: 'zod-on-demand',
  setup(build) {
    build.onResolve({ filter: /^zod(\/v4\/locales)?$/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/](core[\\/]index|classic[\\/]external)\.cjs$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      // A zod release that changed this line fails the build here rather than bundle every locale unnoticed.
      if (!contents.includes(ZOD_LOCALES)) throw new Error(`${args.path}: the locales line changed; update scripts/bundle-cli.js`);
      const getter = 'Object.defineProperty(exports, "locales", { enumerable: true, get: () => require("zod/v4/locales") });';
      return { contents: contents.replace(ZOD_LOCALES, getter), loader: 'js' };
    });
  },
};

const jsonAsJson = {
  name: 'json-as-json',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, (args) => ({
      contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))});`,
      loader: 'js',
    }));
  },
};

async function main() {
  // The code V8 compiled from the previous bundle (src/cli/run-bundle.ts) would be refused anyway.
  rmSync(`${OUT}.v8-cache`, { force: true });
  const result = await esbuild.build({
    entryPoints: [join(DIST, 'cli', 'main.js')],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    plugins: [keepDirname, zodOnDemand, jsonAsJson],
    sourcemap: true,
    sourcesContent: true,
    metafile: true,
    logLevel: 'warning',
    // The dynamic require()s (a vendor plug-in's path, the worker's entry) are meant: node resolves them.
    logOverride: { 'unsupported-require-call': 'silent' },
  });
  writeFileSync(join(DIST, 'cli-bundle.meta.json'), JSON.stringify(result.metafile));
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
