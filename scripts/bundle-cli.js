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
// - A package installed twice at the same version (npm could not hoist it) is bundled once.
// - JSON files stay JSON (parsed by JSON.parse, faster to load than the object literal esbuild writes).
// - The source map chains tsc's: a stack trace under `node --enable-source-maps` names src/*.ts.
// - Without comments and indentation (1.95 -> 1.46 MB to read at every start); names are kept.
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

/** `name@version` of the package installed at `root`, or undefined. */
function packageId(root) {
  try {
    const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    return name && version ? `${name}@${version}` : undefined;
  } catch {
    return undefined;
  }
}

/** The folder of the package a file belongs to (`.../node_modules/<name>` or `.../node_modules/@scope/<name>`). */
function packageRoot(file) {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const length = parts[at + 1]?.startsWith('@') ? at + 3 : at + 2;
  return length <= parts.length ? parts.slice(0, length).join(sep) : undefined;
}

/**
 * The package folders a bundle (its metafile) holds more than once at the same name@version, each
 * mapped to the copy kept: the first in path order, so every build keeps the same one.
 */
function repeatedReleases(metafile) {
  const copies = new Map(); // name@version -> folders
  for (const input of Object.keys(metafile.inputs)) {
    const root = packageRoot(join(process.cwd(), input));
    const id = root && packageId(root);
    if (id) copies.set(id, (copies.get(id) ?? new Set()).add(root));
  }
  const kept = new Map();
  for (const roots of copies.values()) {
    const [first, ...others] = [...roots].sort();
    for (const other of others) kept.set(other, first);
  }
  return kept;
}

/**
 * Koa's mime-types and type-is's are the same release (and so are their mime-db), each installed
 * under its dependant because the top level holds an older one: bundled twice, the ~180 kB database
 * was parsed and indexed twice at start (~8 ms of `serve`'s start-up to ready). A file of a
 * repeated copy is resolved to the same file of the copy kept (see repeatedReleases).
 */
function oneCopyPerRelease(kept) {
  return {
    name: 'one-copy-per-release',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'one-copy-per-release' || kept.size === 0) return undefined;
        const result = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'one-copy-per-release',
        });
        const root = result.path && !result.external ? packageRoot(result.path) : undefined;
        const first = root && kept.get(root);
        return first ? { ...result, path: first + result.path.slice(root.length) } : result;
      });
    },
  };
}

/**
 * dist/store/worker-thread.js stays a module of its own, loaded from dist/: the launcher (dist/cli.js)
 * starts `serve`'s store worker with it before the bundle is read, and the store in the bundle
 * takes that worker from the same module instance.
 */
const WORKER_THREAD = join(DIST, 'store', 'worker-thread.js');
const sharedWithLauncher = {
  name: 'shared-with-launcher',
  setup(build) {
    build.onResolve({ filter: /[\\/]worker-thread$/ }, (args) =>
      join(args.resolveDir, `${args.path}.js`) === WORKER_THREAD ? { path: './store/worker-thread.js', external: true } : undefined,
    );
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
  const options = {
    entryPoints: [join(DIST, 'cli', 'main.js')],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    plugins: [sharedWithLauncher, keepDirname, zodOnDemand, jsonAsJson],
    sourcemap: true,
    sourcesContent: true,
    minifyWhitespace: true,
    metafile: true,
    logLevel: 'warning',
    // The dynamic require()s (a vendor plug-in's path, the worker's entry) are meant: node resolves them.
    logOverride: { 'unsupported-require-call': 'silent' },
  };
  // Once to learn which packages it would hold twice, then for real with one copy of each.
  const probe = await esbuild.build({ ...options, write: false });
  const kept = repeatedReleases(probe.metafile);
  const result = await esbuild.build({ ...options, plugins: [oneCopyPerRelease(kept), ...options.plugins] });
  writeFileSync(join(DIST, 'cli-bundle.meta.json'), JSON.stringify(result.metafile));
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
