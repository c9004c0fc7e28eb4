import { resolve } from 'node:path';
import { registerVendor, type Vendor } from '../vendors';
import { UsageError } from './usage';
import { VENDOR_MODULE_FLAG } from './vendor-module-flag';

/**
 * Vendors of one's own, as plug-ins: `--vendor-module <file>` (repeatable, before or after the
 * command) or `HJR_VENDOR_MODULES` (paths separated by commas). Each module exports a `Vendor` as
 * `vendor` or as its default export; it is registered before the commands are built, so `--profile`
 * choices, `--break` kinds, config validation and the routes all know it.
 */

/** The command line without the `--vendor-module` flags, and the modules they and the environment name. */
export function takeVendorModules(argv: readonly string[], env: NodeJS.ProcessEnv): { argv: string[]; modules: string[] } {
  const rest: string[] = [];
  const modules = (env.HJR_VENDOR_MODULES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === VENDOR_MODULE_FLAG) {
      const path = argv[++i];
      if (path === undefined || path.startsWith('-')) throw new UsageError(`${VENDOR_MODULE_FLAG} needs the path of a module that exports a vendor`);
      modules.push(path);
    } else if (arg.startsWith(`${VENDOR_MODULE_FLAG}=`)) {
      modules.push(arg.slice(VENDOR_MODULE_FLAG.length + 1));
    } else {
      rest.push(arg);
    }
  }
  return { argv: rest, modules };
}

function isVendor(value: unknown): value is Vendor {
  const v = value as Partial<Vendor> | null;
  return typeof v?.id === 'string' && typeof v.contract === 'object' && v.contract !== null && typeof v.factory?.passingClaims === 'function';
}

/** Loads and registers each module's vendor; a module that cannot be loaded or holds no vendor is a usage error naming it. */
export function registerVendorModules(modules: readonly string[], cwd = process.cwd()): string[] {
  return modules.map((path) => {
    const file = resolve(cwd, path);
    let mod: { vendor?: unknown; default?: unknown };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plug-in named on the command line, loaded synchronously at start-up
      mod = require(file) as typeof mod;
    } catch (err) {
      throw new UsageError(`${VENDOR_MODULE_FLAG} ${path}: cannot load ${file}: ${(err as Error).message.split('\n')[0]}`);
    }
    const vendor = [mod.vendor, mod.default, mod].find(isVendor);
    if (!vendor) throw new UsageError(`${VENDOR_MODULE_FLAG} ${path}: ${file} exports no vendor (export { vendor } with id, contract and factory)`);
    try {
      registerVendor(vendor);
    } catch (err) {
      throw new UsageError(`${VENDOR_MODULE_FLAG} ${path}: ${(err as Error).message}`);
    }
    return vendor.id;
  });
}
