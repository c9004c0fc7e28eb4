/**
 * Every engine default with the sentence the README's configuration table shows, read from the
 * settings' zod definitions (engine-settings.ts), so the value validated, the default applied and
 * the default documented are one. src/docs/readme-tables.ts renders the table; a test keeps the README in step.
 */
import type { z } from 'zod/v4';
import { SERVER_SETTINGS, STORE_SETTINGS, TENANT_OPTION_SETTINGS, WHITELIST_SETTINGS } from './engine-settings';
import type { Setting } from './setting';

type Shape = Record<string, z.ZodDefault>;
type Documented<S extends Shape> = { [K in keyof S]: Setting<z.output<S[K]>> };

/** Each setting's default (its `.default()`) and sentence (its `.meta({ description })`). */
function documented<S extends Shape>(shape: S): Documented<S> {
  return Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [key, { value: schema._zod.def.defaultValue, doc: schema.meta()?.description ?? '' }]),
  ) as Documented<S>;
}

export const SERVER_DEFAULTS = documented(SERVER_SETTINGS);
export const STORE_DEFAULTS = documented(STORE_SETTINGS);
export const TENANT_OPTION_DEFAULTS = documented(TENANT_OPTION_SETTINGS);
export const WHITELIST_DEFAULTS = documented(WHITELIST_SETTINGS);

type Values<T extends Record<string, Setting<unknown>>> = { [K in keyof T]: T[K]['value'] };

export function valuesOf<T extends Record<string, Setting<unknown>>>(settings: T): Values<T> {
  return Object.fromEntries(Object.entries(settings).map(([key, s]) => [key, s.value])) as Values<T>;
}

/** Rows for the README's configuration table. */
export function settingRows(): Array<{ key: string; value: unknown; doc: string }> {
  const groups: Array<[string, Record<string, Setting<unknown>>]> = [
    ['server', SERVER_DEFAULTS],
    ['store', STORE_DEFAULTS],
    ['tenants[].options', TENANT_OPTION_DEFAULTS],
    ['tenants[].whitelist', WHITELIST_DEFAULTS],
  ];
  return groups.flatMap(([prefix, settings]) => Object.entries(settings).map(([key, s]) => ({ key: `${prefix}.${key}`, value: s.value, doc: s.doc })));
}
