/** The flag that names a vendor plug-in (src/cli/vendor-modules.ts reads it); here alone so the launcher can look for it cheaply. */
export const VENDOR_MODULE_FLAG = '--vendor-module';

/** Whether the command line or the environment names a vendor plug-in, without loading one. */
export function namesVendorModules(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.HJR_VENDOR_MODULES?.trim()) || argv.some((arg) => arg === VENDOR_MODULE_FLAG || arg.startsWith(`${VENDOR_MODULE_FLAG}=`));
}
