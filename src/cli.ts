#!/usr/bin/env node
import { statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { prestartStoreForServe } from './cli/prestart-store';
import { runBundle } from './cli/run-bundle';
import { namesVendorModules } from './cli/vendor-module-flag';

/**
 * The command line runs from one bundled file, dist/cli-bundle.js (`npm run build`, see
 * scripts/bundle-cli.js): loading the ~400 modules of `serve` one by one (resolving, reading and
 * compiling each) made its start-up twice bare Koa's. A vendor plug-in is the exception: it imports
 * the library (dist/index.js), so the commands must run on the same modules, not on copies of them
 * in the bundle, or its classes and the registry it extends would be other instances than the
 * CLI's. Without a bundle, or with one older than the modules (a `tsc` run since the last `npm run
 * build`), the modules serve as well, only slower.
 */
const BUNDLE = join(__dirname, 'cli-bundle.js');
const MAIN = join(__dirname, 'cli', 'main.js');

/** The bundle's stats when it is not older than the modules it was built from, else undefined. */
function currentBundle(): Stats | undefined {
  const bundle = statSync(BUNDLE, { throwIfNoEntry: false });
  const main = statSync(MAIN, { throwIfNoEntry: false });
  return bundle !== undefined && main !== undefined && bundle.mtimeMs >= main.mtimeMs ? bundle : undefined;
}

const argv = process.argv.slice(2);
// First, so that serve's store thread boots while this one reads the bundle and the config.
prestartStoreForServe(argv, process.env);

const bundle = namesVendorModules(argv, process.env) || process.env.HJR_CLI_UNBUNDLED === '1' ? undefined : currentBundle();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- one of two builds of the same program, chosen above
if (!bundle) require('./cli/main');
// Under --enable-source-maps only require() maps the bundle's stack traces back to src/: no code cache then.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle, built from dist/cli/main.js
else if (process.sourceMapsEnabled) require(BUNDLE);
else runBundle(BUNDLE, bundle);
